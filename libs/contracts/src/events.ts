import type { AssignmentsClosedPayload, AssignmentsCreatedPayload } from './assignments';
import type { ProductSnapshot } from './catalog';
import type { CommissionChangedPayload, CommissionsRecordedPayload } from './commissions';
import type { DisputeOpenedPayload, DisputeResolvedPayload } from './disputes';
import type { MilestoneAchievedPayload, MilestoneReversedPayload } from './milestones';
import type { PartnersImportedPayload } from './partner-imports';
import type { PartnerSnapshot } from './partners';
import type { SaleAttachmentAddedPayload } from './attachments';
import type { SaleLoggedPayload, SaleReturnedPayload, SalesLoggedPayload } from './sales';
import type { SpiffBudgetThresholdPayload, SpiffSnapshot } from './spiffs';

/**
 * Domain event types. The routing key on the `<namespace>.events` topic exchange is the event type.
 * Every service spells an event through these constants, never as a literal.
 */
export const Events = {
  PartnerRegistered: 'partner.registered',
  PartnerApproved: 'partner.approved',
  PartnerUpdated: 'partner.updated',
  /** One chunk of a partner file's import: many new partners in one event (see `PartnersImportedPayload`). */
  PartnersImported: 'partner.imported',
  ProductCreated: 'product.created',
  SpiffCreated: 'spiff.created',
  SpiffUpdated: 'spiff.updated',
  SpiffCancelled: 'spiff.cancelled',
  /** A spiff fund's committed bonus reached 80 % or 100 % of it; once each per spiff. */
  SpiffBudgetThreshold: 'spiff.budget_threshold',
  AssignmentsCreated: 'assignment.created',
  AssignmentsClosed: 'assignment.closed',
  SaleLogged: 'sale.logged',
  /** A sell-through file's chunk of sales: the facts of each as `sale.logged` carries them. */
  SalesLogged: 'sales.logged',
  SaleReturned: 'sale.returned',
  /** A proof of sale was attached to a sale (its bytes stay in fulfillment's object store). */
  SaleAttachmentAdded: 'sale.attachment_added',
  MilestoneAchieved: 'milestone.achieved',
  MilestoneReversed: 'milestone.reversed',
  CommissionRecorded: 'commission.recorded',
  /** The ledger lines booked from one `sales.logged`, each as `commission.recorded` carries it. */
  CommissionsRecorded: 'commissions.recorded',
  CommissionApproved: 'commission.approved',
  CommissionPaid: 'commission.paid',
  CommissionRejected: 'commission.rejected',
  /** A line awaiting review was approved by an admin: awaiting_review → pending (a decline is `commission.rejected`). */
  CommissionReviewed: 'commission.reviewed',
  /** A partner disputed one of its ledger lines. */
  DisputeOpened: 'dispute.opened',
  /** An admin resolved a dispute; an adjustment line, if any, is announced by its own `commission.recorded`. */
  DisputeResolved: 'dispute.resolved',
} as const;

export type EventType = (typeof Events)[keyof typeof Events];

/**
 * The payload each event type carries: `EventPayloads[Events.SaleLogged]` is `SaleLoggedPayload`.
 * Publishing (`Transaction.publish`) and consuming (`@OnEvent`) are typed against it; an event type
 * missing here does not compile (`EnvelopeOf` indexes it with every `EventType`).
 */
export interface EventPayloads {
  [Events.PartnerRegistered]: PartnerSnapshot;
  [Events.PartnerApproved]: PartnerSnapshot;
  [Events.PartnerUpdated]: PartnerSnapshot;
  [Events.PartnersImported]: PartnersImportedPayload;
  [Events.ProductCreated]: ProductSnapshot;
  [Events.SpiffCreated]: SpiffSnapshot;
  [Events.SpiffUpdated]: SpiffSnapshot;
  [Events.SpiffCancelled]: SpiffSnapshot;
  [Events.SpiffBudgetThreshold]: SpiffBudgetThresholdPayload;
  [Events.AssignmentsCreated]: AssignmentsCreatedPayload;
  [Events.AssignmentsClosed]: AssignmentsClosedPayload;
  [Events.SaleLogged]: SaleLoggedPayload;
  [Events.SalesLogged]: SalesLoggedPayload;
  [Events.SaleReturned]: SaleReturnedPayload;
  [Events.SaleAttachmentAdded]: SaleAttachmentAddedPayload;
  [Events.MilestoneAchieved]: MilestoneAchievedPayload;
  [Events.MilestoneReversed]: MilestoneReversedPayload;
  [Events.CommissionRecorded]: CommissionChangedPayload;
  [Events.CommissionsRecorded]: CommissionsRecordedPayload;
  [Events.CommissionApproved]: CommissionChangedPayload;
  [Events.CommissionPaid]: CommissionChangedPayload;
  [Events.CommissionRejected]: CommissionChangedPayload;
  [Events.CommissionReviewed]: CommissionChangedPayload;
  [Events.DisputeOpened]: DisputeOpenedPayload;
  [Events.DisputeResolved]: DisputeResolvedPayload;
}

/** The envelope every event travels in. `id` is the dedupe key of every consumer's inbox. */
export interface EventEnvelope<P = unknown> {
  id: string;
  type: EventType;
  version: number;
  occurred_at: string;
  source: string;
  correlation_id: string;
  /** The W3C trace context of the work that published it (kept in the outbox row with the envelope). */
  traceparent?: string;
  tracestate?: string;
  payload: P;
}

/** The envelope of an event of type `T`, its payload typed from `EventPayloads`. */
export type EnvelopeOf<T extends EventType> = EventEnvelope<EventPayloads[T]>;

/**
 * Which events each consuming service's queue is bound to. Every service declares all of these
 * queues at start, so an event is never published before the queues that want it exist.
 */
export const EventSubscriptions = {
  fulfillment: [
    Events.PartnerRegistered,
    Events.PartnerApproved,
    Events.PartnerUpdated,
    Events.PartnersImported,
    Events.ProductCreated,
    Events.SpiffCreated,
    Events.SpiffUpdated,
    Events.SpiffCancelled,
    Events.CommissionRejected,
  ],
  commissions: [Events.SaleLogged, Events.SalesLogged, Events.SaleReturned, Events.MilestoneAchieved, Events.MilestoneReversed, Events.SaleAttachmentAdded],
  analytics: [
    Events.PartnerRegistered,
    Events.PartnerApproved,
    Events.PartnerUpdated,
    Events.PartnersImported,
    Events.ProductCreated,
    Events.SpiffCreated,
    Events.SpiffUpdated,
    Events.SpiffCancelled,
    Events.AssignmentsCreated,
    Events.AssignmentsClosed,
    Events.SaleLogged,
    Events.SalesLogged,
    Events.SaleReturned,
    Events.MilestoneAchieved,
    Events.MilestoneReversed,
    Events.CommissionRecorded,
    Events.CommissionsRecorded,
    Events.CommissionApproved,
    Events.CommissionPaid,
    Events.CommissionRejected,
    Events.CommissionReviewed,
    Events.DisputeOpened,
    Events.DisputeResolved,
  ],
} as const satisfies Record<string, readonly EventType[]>;

export type ConsumingService = keyof typeof EventSubscriptions;

/** The events that carry many facts at once (a chunk of a file, a fan-out), and how many each holds. */
const FACTS_CARRIED: { [T in EventType]?: (payload: EventPayloads[T]) => number } = {
  [Events.SalesLogged]: (payload) => payload.sales.length,
  [Events.CommissionsRecorded]: (payload) => payload.lines.length,
  [Events.PartnersImported]: (payload) => payload.partners.length,
  [Events.AssignmentsCreated]: (payload) => payload.assignments.length,
  [Events.AssignmentsClosed]: (payload) => payload.assignments.length,
};

/**
 * How many facts (sales, lines, partners, assignments) an event carries: one, but for the batch
 * events. A consumer's inbox batch is bounded by their sum as well as by its count of events, so
 * that a run of file chunks is booked a few thousand facts to a transaction, not a hundred chunks.
 */
export function factsCarried(envelope: EventEnvelope): number {
  const count = FACTS_CARRIED[envelope.type] as ((payload: unknown) => number) | undefined;
  try {
    return Math.max(1, count?.(envelope.payload) || 1);
  } catch {
    return 1; // a malformed payload fails in its consumer, with its own error; here it only counts as one
  }
}
