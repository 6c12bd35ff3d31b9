/** The partner area (`/partner`, partners only): the partner's screens, in its first load. */
import { createRoute } from '@tanstack/react-router';
import { partnerArea } from '../app/layout-routes';
import { OpportunitiesPage } from './OpportunitiesPage';
import { LogSalePage } from './LogSalePage';
import { MySalesPage } from './MySalesPage';
import { MyCommissionsPage } from './MyCommissionsPage';
import { MyAnalyticsPage } from './MyAnalyticsPage';

const opportunities = createRoute({
  getParentRoute: () => partnerArea,
  path: '/',
  staticData: { nav: { label: 'Opportunities', order: 0 } },
  component: OpportunitiesPage,
});

const logSale = createRoute({
  getParentRoute: () => partnerArea,
  path: 'sales/new',
  staticData: { nav: { label: 'Log a sale', order: 1 } },
  validateSearch: (search: Record<string, unknown>): { product_id?: string } => (typeof search.product_id === 'string' ? { product_id: search.product_id } : {}),
  component: LogSalePage,
});

const mySales = createRoute({
  getParentRoute: () => partnerArea,
  path: 'sales',
  staticData: { nav: { label: 'My sales', order: 2 } },
  component: MySalesPage,
});

const myCommissions = createRoute({
  getParentRoute: () => partnerArea,
  path: 'commissions',
  staticData: { nav: { label: 'My commissions', order: 3 } },
  component: MyCommissionsPage,
});

const myAnalytics = createRoute({
  getParentRoute: () => partnerArea,
  path: 'analytics',
  staticData: { nav: { label: 'My analytics', order: 4 } },
  component: MyAnalyticsPage,
});

export const partnerRoutes = [opportunities, logSale, mySales, myCommissions, myAnalytics] as const;
