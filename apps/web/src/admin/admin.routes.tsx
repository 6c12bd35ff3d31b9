/**
 * The admin area's route registration (owned by the admin screens). Every screen is a lazy chunk:
 * `lazyRouteComponent(() => import('./X'), 'X')` keeps admin code out of the partner's first load.
 * Give a screen `staticData: { nav: { label, order } }` to list it in the side navigation.
 * Paths are relative to `/admin` (adminArea, admin only: guarded in app/layout-routes.tsx).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { adminArea } from '../app/layout-routes';

const adminHome = createRoute({
  getParentRoute: () => adminArea,
  path: '/',
  staticData: { nav: { label: 'Admin home', order: 0 } },
  component: lazyRouteComponent(() => import('./AdminHome'), 'AdminHome'),
});

const partners = createRoute({
  getParentRoute: () => adminArea,
  path: 'partners',
  staticData: { nav: { label: 'Partners', order: 10 } },
  component: lazyRouteComponent(() => import('./partners/PartnersPage'), 'PartnersPage'),
});

const importPartners = createRoute({
  getParentRoute: () => adminArea,
  path: 'partners/imports',
  staticData: { nav: { label: 'Import partners', order: 15 } },
  component: lazyRouteComponent(() => import('../partner-imports/PartnerImportPage'), 'PartnerImportPage'),
});

const products = createRoute({
  getParentRoute: () => adminArea,
  path: 'products',
  staticData: { nav: { label: 'Products', order: 20 } },
  component: lazyRouteComponent(() => import('./products/ProductsPage'), 'ProductsPage'),
});

const spiffs = createRoute({
  getParentRoute: () => adminArea,
  path: 'spiffs',
  staticData: { nav: { label: 'Spiffs', order: 30 } },
  component: lazyRouteComponent(() => import('./spiffs/SpiffsPage'), 'SpiffsPage'),
});

const newSpiff = createRoute({
  getParentRoute: () => adminArea,
  path: 'spiffs/new',
  component: lazyRouteComponent(() => import('./spiffs/SpiffsPage'), 'SpiffCreatePage'),
});

const assignments = createRoute({
  getParentRoute: () => adminArea,
  path: 'assignments',
  staticData: { nav: { label: 'Assignments', order: 40 } },
  component: lazyRouteComponent(() => import('./assignments/AssignmentsPage'), 'AssignmentsPage'),
});

const importSales = createRoute({
  getParentRoute: () => adminArea,
  path: 'sales/imports',
  staticData: { nav: { label: 'Import sales', order: 45 } },
  component: lazyRouteComponent(() => import('../sale-imports/SaleImportPage'), 'SaleImportPage'),
});

const commissions = createRoute({
  getParentRoute: () => adminArea,
  path: 'commissions',
  staticData: { nav: { label: 'Commission queue', order: 50 } },
  component: lazyRouteComponent(() => import('./commissions/CommissionQueuePage'), 'CommissionQueuePage'),
});

const reviews = createRoute({
  getParentRoute: () => adminArea,
  path: 'reviews',
  staticData: { nav: { label: 'Reviews', order: 52 } },
  component: lazyRouteComponent(() => import('./reviews/ReviewQueuePage'), 'ReviewQueuePage'),
});

const disputes = createRoute({
  getParentRoute: () => adminArea,
  path: 'disputes',
  staticData: { nav: { label: 'Disputes', order: 55 } },
  component: lazyRouteComponent(() => import('./disputes/DisputeQueuePage'), 'DisputeQueuePage'),
});

const deadLetters = createRoute({
  getParentRoute: () => adminArea,
  path: 'dead-letters',
  staticData: { nav: { label: 'Dead letters', order: 60 } },
  component: lazyRouteComponent(() => import('./dead-letters/DeadLettersPage'), 'DeadLettersPage'),
});

const users = createRoute({
  getParentRoute: () => adminArea,
  path: 'users',
  staticData: { nav: { label: 'Users', order: 70 } },
  component: lazyRouteComponent(() => import('./users/UsersPage'), 'UsersPage'),
});

export const adminRoutes = [adminHome, partners, importPartners, products, spiffs, newSpiff, assignments, importSales, commissions, reviews, disputes, deadLetters, users] as const;
