/** The partner area (`/partner`, partners only): the partner's screens. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { partnerArea } from '../app/layout-routes';
import { OpportunitiesPage } from './OpportunitiesPage';

// The home is in the first load; the other screens are small chunks fetched on hover or click
// (defaultPreload: 'intent'), which keeps zod, decimal.js and the commission rules out of it.
const LogSalePage = lazyRouteComponent(() => import('./LogSalePage'), 'LogSalePage');
const MySalesPage = lazyRouteComponent(() => import('./MySalesPage'), 'MySalesPage');
const MyCommissionsPage = lazyRouteComponent(() => import('./MyCommissionsPage'), 'MyCommissionsPage');
const MyDisputesPage = lazyRouteComponent(() => import('./MyDisputesPage'), 'MyDisputesPage');
const MyAnalyticsPage = lazyRouteComponent(() => import('./MyAnalyticsPage'), 'MyAnalyticsPage');
const SaleImportPage = lazyRouteComponent(() => import('../sale-imports/SaleImportPage'), 'SaleImportPage');

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

const importSales = createRoute({
  getParentRoute: () => partnerArea,
  path: 'sales/imports',
  staticData: { nav: { label: 'Import sales', order: 1.5 } },
  component: SaleImportPage,
});

const myCommissions = createRoute({
  getParentRoute: () => partnerArea,
  path: 'commissions',
  staticData: { nav: { label: 'My commissions', order: 3 } },
  component: MyCommissionsPage,
});

const myDisputes = createRoute({
  getParentRoute: () => partnerArea,
  path: 'disputes',
  staticData: { nav: { label: 'My disputes', order: 3.5 } },
  component: MyDisputesPage,
});

const myAnalytics = createRoute({
  getParentRoute: () => partnerArea,
  path: 'analytics',
  staticData: { nav: { label: 'My analytics', order: 4 } },
  component: MyAnalyticsPage,
});

export const partnerRoutes = [opportunities, logSale, importSales, mySales, myCommissions, myDisputes, myAnalytics] as const;
