/** The route tree: the skeleton (layout-routes.tsx) plus each area's registration file. */
import { createRouter } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { adminRoutes } from '../admin/admin.routes';
import { analyticsRoutes } from '../analytics/analytics.routes';
import { partnerRoutes } from '../partner/partner.routes';
import { sessionStore } from '../auth/session-store';
import { acceptInviteRoute, adminArea, analyticsArea, appRoute, homeRoute, partnerArea, rootRoute, signInRoute } from './layout-routes';
import { NotFound } from './NotFound';
import { ErrorState, Loading } from '../ui/states';

export const routeTree = rootRoute.addChildren([
  signInRoute,
  acceptInviteRoute,
  appRoute.addChildren([
    homeRoute,
    partnerArea.addChildren([...partnerRoutes]),
    adminArea.addChildren([...adminRoutes]),
    analyticsArea.addChildren([...analyticsRoutes]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient, history?: Parameters<typeof createRouter>[0]['history']) {
  return createRouter({
    routeTree,
    history,
    context: { session: sessionStore.get(), queryClient },
    defaultPreload: 'intent',
    defaultPendingComponent: () => <Loading />,
    defaultErrorComponent: ({ error, reset }) => <ErrorState error={error} onRetry={reset} />,
    defaultNotFoundComponent: NotFound,
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;
