/**
 * The route skeleton: root, sign-in, the signed-in layout and one layout route per area, each
 * guarded by role. Areas add their own child routes in their registration files
 * (partner/partner.routes.ts, admin/admin.routes.ts, analytics/analytics.routes.ts); app/router.ts
 * assembles the tree. This file imports no area, so areas can import it.
 */
import { Outlet, createRootRouteWithContext, createRoute, redirect } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { sessionStore } from '../auth/session-store';
import type { Role, Session } from '../auth/session-store';
import { RequireRole } from '../auth/RequireRole';
import { AcceptInvitePage } from '../auth/AcceptInvitePage';
import { SignInPage } from '../auth/SignInPage';
import { AppLayout } from './AppLayout';
import { NotFound } from './NotFound';
import { HOME_OF } from './nav';

export interface RouterContext {
  session: Session | null;
  queryClient: QueryClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search.redirect === 'string' && search.redirect.startsWith('/') && !search.redirect.startsWith('//') ? { redirect: search.redirect } : {},
  beforeLoad: () => {
    const session = sessionStore.get();
    if (session) throw redirect({ to: HOME_OF[session.user.role] });
  },
  component: SignInPage,
});

/** An invite link (public): the user chooses its password; the token is in the fragment. */
export const acceptInviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invite',
  component: AcceptInvitePage,
});

/** Everything behind sign-in: the app shell with the role's navigation. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: ({ location }) => {
    if (!sessionStore.get()) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
  },
  component: AppLayout,
});

export const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    const session = sessionStore.get();
    if (session) throw redirect({ to: HOME_OF[session.user.role] });
  },
});

/**
 * A route guard: users without one of `roles` go to their own home; the component guards again.
 * Guards read the session store itself (always current), not a copy in the router context.
 */
export const requireRoles =
  (roles: readonly Role[]) =>
  (): void => {
    const role = sessionStore.get()?.user.role;
    if (role && !roles.includes(role)) throw redirect({ to: HOME_OF[role] });
  };

export const PARTNER_ROLES = ['partner'] as const satisfies readonly Role[];
export const ADMIN_ROLES = ['admin'] as const satisfies readonly Role[];
export const ANALYTICS_ROLES = ['admin', 'analyst'] as const satisfies readonly Role[];

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    /** On an area route: the roles that may enter it (and see its links). */
    roles?: readonly Role[];
    /** On a screen route: its link in the side navigation (lower `order` first; else declaration order). */
    nav?: { label: string; order?: number };
  }
}

export const partnerArea = createRoute({
  getParentRoute: () => appRoute,
  path: 'partner',
  staticData: { roles: PARTNER_ROLES },
  beforeLoad: requireRoles(PARTNER_ROLES),
  component: () => (
    <RequireRole roles={PARTNER_ROLES}>
      <Outlet />
    </RequireRole>
  ),
});

export const adminArea = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin',
  staticData: { roles: ADMIN_ROLES },
  beforeLoad: requireRoles(ADMIN_ROLES),
  component: () => (
    <RequireRole roles={ADMIN_ROLES}>
      <Outlet />
    </RequireRole>
  ),
});

export const analyticsArea = createRoute({
  getParentRoute: () => appRoute,
  path: 'analytics',
  staticData: { roles: ANALYTICS_ROLES },
  beforeLoad: requireRoles(ANALYTICS_ROLES),
  component: () => (
    <RequireRole roles={ANALYTICS_ROLES}>
      <Outlet />
    </RequireRole>
  ),
});
