import type { Actor } from './identity';

/** The services the gateway calls. Each listens for RPC on its own queue. */
export const SERVICES = ['partners', 'campaigns', 'fulfillment', 'commissions', 'analytics'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** RPC message patterns, grouped by the service that answers them. */
export const Rpc = {
  partners: {
    Create: 'partners.create',
    Approve: 'partners.approve',
    Suspend: 'partners.suspend',
    Update: 'partners.update',
    Get: 'partners.get',
    List: 'partners.list',
    FindMissing: 'partners.find-missing',
    Reach: 'partners.reach',
    Names: 'partners.names',
    ListUsers: 'identity.list-users',
    UserEmails: 'identity.user-emails',
    VerifyCredentials: 'identity.verify-credentials',
    CreateUser: 'identity.create-user',
    UpdateUser: 'identity.update-user',
    AccountAccess: 'identity.account-access',
    AcceptInvite: 'identity.accept-invite',
    ReissueInvite: 'partners.reissue-invite',
    OpenImport: 'partner-imports.open',
    AppendImportRows: 'partner-imports.append',
    CloseImport: 'partner-imports.close',
    AbortImport: 'partner-imports.abort',
    GetImport: 'partner-imports.get',
    ImportErrorsPage: 'partner-imports.errors-page',
    ImportInvitesPage: 'partner-imports.invites-page',
  },
  campaigns: {
    CreateProduct: 'products.create',
    GetProduct: 'products.get',
    ListProducts: 'products.list',
    CreateSpiff: 'spiffs.create',
    UpdateSpiff: 'spiffs.update',
    CancelSpiff: 'spiffs.cancel',
    GetSpiff: 'spiffs.get',
    ListSpiffs: 'spiffs.list',
  },
  fulfillment: {
    CreateAssignment: 'assignments.create',
    ListAssignments: 'assignments.list',
    MyOpportunities: 'assignments.my-opportunities',
    CountBySpiff: 'assignments.count-by-spiff',
    LogSale: 'sales.log',
    ReturnSale: 'sales.return',
    MySales: 'sales.mine',
    MyProgress: 'milestones.my-progress',
    OpenSaleImport: 'sale-imports.open',
    AppendSaleImportRows: 'sale-imports.append',
    CloseSaleImport: 'sale-imports.close',
    AbortSaleImport: 'sale-imports.abort',
    GetSaleImport: 'sale-imports.get',
    SaleImportErrorsPage: 'sale-imports.errors-page',
    SpiffBudgets: 'budgets.of-spiffs',
    LowerSpiffBudget: 'budgets.lower',
    AddSaleAttachment: 'sale-attachments.add',
    GetSaleAttachment: 'sale-attachments.get',
  },
  commissions: {
    Get: 'commissions.get',
    List: 'commissions.list',
    ExportPage: 'commissions.export-page',
    BySales: 'commissions.by-sales',
    Approve: 'commissions.approve',
    Pay: 'commissions.pay',
    Reject: 'commissions.reject',
    OpenDispute: 'disputes.open',
    ResolveDispute: 'disputes.resolve',
    GetDispute: 'disputes.get',
    ListDisputes: 'disputes.list',
    AddDisputeAttachment: 'dispute-attachments.add',
    GetDisputeAttachment: 'dispute-attachments.get',
    ListReviews: 'reviews.list',
    Review: 'reviews.decide',
  },
  analytics: {
    PartnerMetrics: 'analytics.partner',
    Overview: 'analytics.overview',
    Spiff: 'analytics.spiff',
    Timeseries: 'analytics.timeseries',
    Dimensions: 'analytics.dimensions',
    SalesExportPage: 'analytics.sales-export-page',
  },
} as const;

/** Every service answers this with the state of its own database and broker connection. */
export const HEALTH_PATTERN = 'system.health';

export interface HealthReport {
  service: string;
  status: 'ok' | 'down';
  checks: Record<string, 'up' | 'down'>;
}

/** What travels in every RPC request: who asks, the trace id, and the command or query. */
export interface RpcRequest<B = unknown> {
  actor: Actor | null;
  correlation_id: string;
  body: B;
  /** The caller's `Idempotency-Key`, on commands that create something (see `Transactions.run`). */
  idempotency_key?: string;
  /**
   * When the caller stops waiting (epoch ms, the caller's clock): it has answered 503 by then, so
   * the service starts no handler and commits no transaction after it (see `MessageContextInterceptor`).
   */
  deadline_at?: number;
  /** The W3C trace context of the caller's RPC span (`traceparent`, `tracestate`). */
  traceparent?: string;
  tracestate?: string;
}

/** The page a list query asks for: `page` counts from 1. */
export interface PageRequest {
  page: number;
  page_size: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

/** Every consuming service answers these for its own dead letters (admin only). */
export const DEAD_LETTERS_PATTERNS = {
  List: 'system.dead-letters.list',
  Replay: 'system.dead-letters.replay',
} as const;

/** A message that failed past the delivery limit, kept with its last error until replayed. */
export interface DeadLetterView {
  service: string;
  /** The envelope id (or the message id when the body was not an envelope). */
  id: string;
  event_type: string | null;
  error: string | null;
  attempts: number;
  first_failed_at: string;
  last_failed_at: string;
  dead_lettered_at: string;
  payload: unknown;
}
