import type {
  DimensionsQuery, DimensionsView, OverviewView, PartnerMetricsView, SalesExportPage, SalesExportPageQuery, SpiffAnalyticsView, TimeseriesQuery, TimeseriesView,
} from './analytics';
import type { AssignmentView, CreateAssignmentCommand, ListAssignmentsQuery, Opportunity } from './assignments';
import type { CreateProductCommand, ProductView } from './catalog';
import type {
  CommissionDetailView, CommissionExportPage, CommissionExportPageQuery, CommissionTransitionCommand, CommissionView, ListCommissionsQuery,
} from './commissions';
import type {
  AddDisputeAttachmentCommand, AddSaleAttachmentCommand, AttachmentView, DisputeAttachmentFile, DisputeAttachmentView, GetDisputeAttachmentQuery,
  GetSaleAttachmentQuery, SaleAttachmentFile,
} from './attachments';
import type { ListReviewsQuery, ReviewCommand, ReviewItem } from './reviews';
import type { DisputeView, ListDisputesQuery, OpenDisputeCommand, ResolveDisputeCommand } from './disputes';
import type { AccountAccessView, CreateStaffUserCommand, ListUsersQuery, UpdateUserCommand, UserView, VerifyCredentialsCommand } from './identity';
import type { MilestoneProgressView } from './milestones';
import type {
  AbortPartnerImportCommand, AcceptInviteCommand, ReissueInviteCommand, ReissuedInvite, AppendPartnerImportRowsCommand, ClosePartnerImportCommand, GetPartnerImportQuery, OpenPartnerImportCommand,
  PartnerImportErrorsPage, PartnerImportPageQuery, PartnerImportView, PartnerInvitesPage,
} from './partner-imports';
import type { CreatePartnerCommand, ListPartnersQuery, PartnerReachQuery, PartnerReachView, PartnerView, UpdatePartnerCommand } from './partners';
import { DEAD_LETTERS_PATTERNS, HEALTH_PATTERN, Rpc, SERVICES } from './rpc';
import type { DeadLetterView, HealthReport, Page, PageRequest, ServiceName } from './rpc';
import type { LogSaleCommand, MySalesQuery, ReturnSaleCommand, SaleReturnView, SaleView } from './sales';
import type {
  AbortSaleImportCommand, AppendSaleImportRowsCommand, CloseSaleImportCommand, GetSaleImportQuery, OpenSaleImportCommand, SaleImportErrorsPage,
  SaleImportErrorsPageQuery, SaleImportView,
} from './sale-imports';
import type { CreateSpiffCommand, LowerSpiffBudgetCommand, SpiffBudgetState, SpiffView, UpdateSpiffCommand } from './spiffs';

/** The body of a query that needs nothing but the caller (who comes from the token). */
type NoBody = Record<string, never>;

/**
 * What each RPC carries: the body of the request (`command`) and what the service answers
 * (`reply`). A pattern of `Rpc` missing here does not compile (`RpcContract` indexes it).
 */
export interface RpcMessages {
  [Rpc.partners.Create]: { command: CreatePartnerCommand; reply: PartnerView };
  [Rpc.partners.Approve]: { command: { id: string }; reply: PartnerView };
  [Rpc.partners.Suspend]: { command: { id: string }; reply: PartnerView };
  [Rpc.partners.Update]: { command: UpdatePartnerCommand; reply: PartnerView };
  [Rpc.partners.Get]: { command: { id: string }; reply: PartnerView };
  [Rpc.partners.List]: { command: ListPartnersQuery; reply: Page<PartnerView> };
  /** The listed ids that name no partner. */
  [Rpc.partners.FindMissing]: { command: { ids: string[] }; reply: string[] };
  [Rpc.partners.Reach]: { command: PartnerReachQuery; reply: PartnerReachView };
  /** Partner id → name, for the ids that name a partner. */
  [Rpc.partners.Names]: { command: { ids: string[] }; reply: Record<string, string> };
  [Rpc.partners.ListUsers]: { command: ListUsersQuery; reply: Page<UserView> };
  /** The email of each user id found (an audit trail names who acted); ids of no user are left out. */
  [Rpc.partners.UserEmails]: { command: { ids: string[] }; reply: Record<string, string> };
  [Rpc.partners.VerifyCredentials]: { command: VerifyCredentialsCommand; reply: UserView };
  [Rpc.partners.CreateUser]: { command: CreateStaffUserCommand; reply: UserView };
  [Rpc.partners.UpdateUser]: { command: UpdateUserCommand; reply: UserView };
  [Rpc.partners.AccountAccess]: { command: { user_id: string }; reply: AccountAccessView };
  /** The user the invite was for, now active with its chosen password. */
  [Rpc.partners.AcceptInvite]: { command: AcceptInviteCommand; reply: UserView };
  [Rpc.partners.ReissueInvite]: { command: ReissueInviteCommand; reply: ReissuedInvite };
  [Rpc.partners.OpenImport]: { command: OpenPartnerImportCommand; reply: PartnerImportView };
  /** How many rows of the import are now received. */
  [Rpc.partners.AppendImportRows]: { command: AppendPartnerImportRowsCommand; reply: { rows_received: number } };
  [Rpc.partners.CloseImport]: { command: ClosePartnerImportCommand; reply: PartnerImportView };
  [Rpc.partners.AbortImport]: { command: AbortPartnerImportCommand; reply: PartnerImportView };
  [Rpc.partners.GetImport]: { command: GetPartnerImportQuery; reply: PartnerImportView };
  [Rpc.partners.ImportErrorsPage]: { command: PartnerImportPageQuery; reply: PartnerImportErrorsPage };
  /** The import's invites still waiting, by row: admin only, and only for `INVITE_LINKS_HOURS` after the import finished (410 after). */
  [Rpc.partners.ImportInvitesPage]: { command: PartnerImportPageQuery; reply: PartnerInvitesPage };

  [Rpc.campaigns.CreateProduct]: { command: CreateProductCommand; reply: ProductView };
  [Rpc.campaigns.GetProduct]: { command: { id: string }; reply: ProductView };
  [Rpc.campaigns.ListProducts]: { command: PageRequest; reply: Page<ProductView> };
  [Rpc.campaigns.CreateSpiff]: { command: CreateSpiffCommand; reply: SpiffView };
  [Rpc.campaigns.UpdateSpiff]: { command: UpdateSpiffCommand; reply: SpiffView };
  [Rpc.campaigns.CancelSpiff]: { command: { id: string }; reply: SpiffView };
  [Rpc.campaigns.GetSpiff]: { command: { id: string }; reply: SpiffView };
  [Rpc.campaigns.ListSpiffs]: { command: PageRequest; reply: Page<SpiffView> };

  [Rpc.fulfillment.CreateAssignment]: { command: CreateAssignmentCommand; reply: AssignmentView };
  [Rpc.fulfillment.ListAssignments]: { command: ListAssignmentsQuery; reply: Page<AssignmentView> };
  [Rpc.fulfillment.MyOpportunities]: { command: NoBody; reply: { opportunities: Opportunity[] } };
  /** Spiff id → how many assignments it has, for every id asked (0 for none). */
  [Rpc.fulfillment.CountBySpiff]: { command: { spiff_ids: string[] }; reply: Record<string, number> };
  [Rpc.fulfillment.LogSale]: { command: LogSaleCommand; reply: SaleView };
  [Rpc.fulfillment.ReturnSale]: { command: ReturnSaleCommand; reply: SaleReturnView };
  [Rpc.fulfillment.MySales]: { command: MySalesQuery; reply: Page<SaleView> };
  [Rpc.fulfillment.MyProgress]: { command: NoBody; reply: { milestones: MilestoneProgressView[] } };
  [Rpc.fulfillment.OpenSaleImport]: { command: OpenSaleImportCommand; reply: SaleImportView };
  /** How many rows of the import are now received. */
  [Rpc.fulfillment.AppendSaleImportRows]: { command: AppendSaleImportRowsCommand; reply: { rows_received: number } };
  [Rpc.fulfillment.CloseSaleImport]: { command: CloseSaleImportCommand; reply: SaleImportView };
  [Rpc.fulfillment.AbortSaleImport]: { command: AbortSaleImportCommand; reply: SaleImportView };
  [Rpc.fulfillment.GetSaleImport]: { command: GetSaleImportQuery; reply: SaleImportView };
  [Rpc.fulfillment.SaleImportErrorsPage]: { command: SaleImportErrorsPageQuery; reply: SaleImportErrorsPage };
  [Rpc.fulfillment.SpiffBudgets]: { command: { spiff_ids: string[] }; reply: Record<string, SpiffBudgetState> };
  [Rpc.fulfillment.LowerSpiffBudget]: { command: LowerSpiffBudgetCommand; reply: SpiffBudgetState };
  [Rpc.fulfillment.AddSaleAttachment]: { command: AddSaleAttachmentCommand; reply: AttachmentView };
  [Rpc.fulfillment.GetSaleAttachment]: { command: GetSaleAttachmentQuery; reply: SaleAttachmentFile };

  [Rpc.commissions.Get]: { command: { id: string }; reply: CommissionDetailView };
  [Rpc.commissions.List]: { command: ListCommissionsQuery; reply: Page<CommissionView> };
  /** One page of the payout file, oldest line first, after the cursor. */
  [Rpc.commissions.ExportPage]: { command: CommissionExportPageQuery; reply: CommissionExportPage };
  /** Sale id → its booked line; a sale not booked yet is left out. */
  [Rpc.commissions.BySales]: { command: { sale_ids: string[] }; reply: Record<string, CommissionView> };
  [Rpc.commissions.Approve]: { command: CommissionTransitionCommand; reply: CommissionView[] };
  [Rpc.commissions.Pay]: { command: CommissionTransitionCommand; reply: CommissionView[] };
  [Rpc.commissions.Reject]: { command: CommissionTransitionCommand; reply: CommissionView[] };
  [Rpc.commissions.OpenDispute]: { command: OpenDisputeCommand; reply: DisputeView };
  [Rpc.commissions.ResolveDispute]: { command: ResolveDisputeCommand; reply: DisputeView };
  [Rpc.commissions.GetDispute]: { command: { id: string }; reply: DisputeView };
  [Rpc.commissions.ListDisputes]: { command: ListDisputesQuery; reply: Page<DisputeView> };
  [Rpc.commissions.AddDisputeAttachment]: { command: AddDisputeAttachmentCommand; reply: DisputeAttachmentView };
  [Rpc.commissions.GetDisputeAttachment]: { command: GetDisputeAttachmentQuery; reply: DisputeAttachmentFile };
  [Rpc.commissions.ListReviews]: { command: ListReviewsQuery; reply: Page<ReviewItem> };
  [Rpc.commissions.Review]: { command: ReviewCommand; reply: CommissionView[] };

  [Rpc.analytics.PartnerMetrics]: { command: { partner_id: string }; reply: PartnerMetricsView };
  [Rpc.analytics.Overview]: { command: NoBody; reply: OverviewView };
  [Rpc.analytics.Spiff]: { command: { spiff_id: string }; reply: SpiffAnalyticsView };
  [Rpc.analytics.Timeseries]: { command: TimeseriesQuery; reply: TimeseriesView };
  [Rpc.analytics.Dimensions]: { command: DimensionsQuery; reply: DimensionsView };
  [Rpc.analytics.SalesExportPage]: { command: SalesExportPageQuery; reply: SalesExportPage };
}

type PatternsOf<S extends ServiceName> = (typeof Rpc)[S][keyof (typeof Rpc)[S]];

/** Every RPC message pattern of `Rpc`, e.g. `'sales.log'`. */
export type RpcPattern = { [S in ServiceName]: PatternsOf<S> }[ServiceName];

/** The service whose queue answers `P`: the group of `Rpc` that lists it. */
export type ServiceOf<P extends RpcPattern> = { [S in ServiceName]: P extends PatternsOf<S> ? S : never }[ServiceName];

/**
 * Every RPC by its pattern: the service that answers it, the body it takes, what it answers.
 * `RpcContract[typeof Rpc.fulfillment.LogSale]` is `{ service: 'fulfillment'; command: LogSaleCommand; reply: SaleView }`.
 */
export type RpcContract = {
  [P in RpcPattern]: { service: ServiceOf<P>; command: RpcMessages[P]['command']; reply: RpcMessages[P]['reply'] };
};

export type RpcCommand<P extends RpcPattern> = RpcContract[P]['command'];
export type RpcReply<P extends RpcPattern> = RpcContract[P]['reply'];

const SERVICE_OF_PATTERN = new Map<string, ServiceName>(
  SERVICES.flatMap((service) => Object.values(Rpc[service]).map((pattern): [string, ServiceName] => [pattern, service])),
);

/** The service that answers `pattern` (whose queue the request goes to). */
export function serviceOf<P extends RpcPattern>(pattern: P): ServiceOf<P> {
  const service = SERVICE_OF_PATTERN.get(pattern);
  if (!service) throw new Error(`no service answers ${pattern}`);
  return service as ServiceOf<P>;
}

/** The patterns every service answers (the caller names the service), with their bodies and replies. */
export interface SystemRpcContract {
  [HEALTH_PATTERN]: { command: NoBody; reply: HealthReport };
  /** Admin only. */
  [DEAD_LETTERS_PATTERNS.List]: { command: NoBody; reply: { items: DeadLetterView[]; total: number } };
  /** Admin only; 404 when the service holds no dead letter with that id. */
  [DEAD_LETTERS_PATTERNS.Replay]: { command: { id: string }; reply: { id: string; replayed: true } };
}

export type SystemPattern = keyof SystemRpcContract;
