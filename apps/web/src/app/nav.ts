import type { AnyRoute } from '@tanstack/react-router';
import type { Role } from '../auth/session-store';

/** Each role's landing page after sign-in (and at `/`). */
export const HOME_OF: Record<Role, string> = {
  partner: '/partner',
  admin: '/admin',
  analyst: '/analytics',
};

export interface NavLinkItem {
  label: string;
  to: string;
  order: number;
  /** The area's index: highlighted only on its exact path. */
  exact: boolean;
}

/** The roles that may enter a route: the nearest `staticData.roles` up the tree (none = everyone signed in). */
function rolesOf(route: AnyRoute | undefined): readonly Role[] | null {
  for (let r = route; r; r = r.parentRoute as AnyRoute | undefined) {
    if (r.options?.staticData?.roles) return r.options.staticData.roles;
  }
  return null;
}

/** The navigation a role sees: every route with `staticData.nav` inside an area the role may enter. */
export function navFor(routes: readonly AnyRoute[], role: Role): NavLinkItem[] {
  return routes
    .map((route, index) => ({ route, index, nav: route.options?.staticData?.nav }))
    .filter((entry): entry is typeof entry & { nav: NonNullable<typeof entry.nav> } => entry.nav !== undefined)
    .filter(({ route }) => rolesOf(route)?.includes(role) ?? true)
    .map(({ route, index, nav }) => {
      const to = (route.fullPath as string).replace(/\/$/, '') || '/';
      return { label: nav.label, to, order: nav.order ?? 1000 + index, exact: (route.path as string) === '/' };
    })
    .sort((a, b) => a.order - b.order);
}
