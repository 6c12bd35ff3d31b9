/**
 * The analytics area's route registration (owned by the analytics screens). Every screen is a lazy
 * chunk: `lazyRouteComponent(() => import('./X'), 'X')` keeps analytics code (and the charts) out
 * of the partner's first load. Give a screen `staticData: { nav: { label, order } }` to list it in
 * the side navigation. Paths are relative to `/analytics` (analyticsArea: admin and analyst).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { analyticsArea } from '../app/layout-routes';

const analyticsHome = createRoute({
  getParentRoute: () => analyticsArea,
  path: '/',
  staticData: { nav: { label: 'Analytics overview', order: 100 } },
  component: lazyRouteComponent(() => import('./OverviewPage'), 'OverviewPage'),
});

const timeseries = createRoute({
  getParentRoute: () => analyticsArea,
  path: 'timeseries',
  staticData: { nav: { label: 'Time series', order: 101 } },
  component: lazyRouteComponent(() => import('./TimeseriesPage'), 'TimeseriesPage'),
});

const spiffs = createRoute({
  getParentRoute: () => analyticsArea,
  path: 'spiffs',
  staticData: { nav: { label: 'Spiff performance', order: 102 } },
  validateSearch: (search: Record<string, unknown>): { spiff_id?: string; spiff_name?: string } => ({
    ...(typeof search.spiff_id === 'string' && /^[0-9a-f-]{36}$/i.test(search.spiff_id) && { spiff_id: search.spiff_id }),
    ...(typeof search.spiff_name === 'string' && { spiff_name: search.spiff_name.slice(0, 300) }),
  }),
  component: lazyRouteComponent(() => import('./SpiffPerformancePage'), 'SpiffPerformancePage'),
});

export const analyticsRoutes = [analyticsHome, timeseries, spiffs] as const;
