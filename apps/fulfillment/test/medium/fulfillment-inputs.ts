import { randomUUID } from 'node:crypto';
import { Events } from '@spiffworks/contracts';
import type {
  Actor, CommissionView, EnvelopeOf, PartnerSnapshot, PartnerStatus, PartnerTier, PartnersImportedPayload, ProductSnapshot, SpiffSnapshot,
} from '@spiffworks/contracts';
import type { InboxOutcome } from '@spiffworks/messaging';
import type { ServiceHarness } from '@spiffworks/testing';
import { CampaignEventsHandler } from '../../src/assignments/campaign-events.handler';

export const ADMIN_ID = '00000000-0000-4000-8000-0000000000aa';

type SpiffEvent = typeof Events.SpiffCreated | typeof Events.SpiffUpdated | typeof Events.SpiffCancelled;
type PartnerEvent = typeof Events.PartnerRegistered | typeof Events.PartnerApproved | typeof Events.PartnerUpdated;
type FulfillmentInput = SpiffEvent | PartnerEvent | typeof Events.PartnersImported | typeof Events.ProductCreated;

/** Applies an event fulfillment consumes through its handler's method, as its consumer does (inbox, one transaction). */
export function receive(h: ServiceHarness, envelope: EnvelopeOf<FulfillmentInput>): Promise<InboxOutcome> {
  const handler = h.get(CampaignEventsHandler);
  switch (envelope.type) {
    case Events.ProductCreated:
      return h.consume(envelope, (tx) => handler.upsertProduct(envelope.payload as ProductSnapshot, tx));
    case Events.SpiffCreated:
      return h.consume(envelope, (tx) => handler.assignPartnersToSpiff(envelope.payload as SpiffSnapshot, tx, envelope as EnvelopeOf<SpiffEvent>));
    case Events.SpiffUpdated:
      return h.consume(envelope, (tx) => handler.applySpiffUpdate(envelope.payload as SpiffSnapshot, tx, envelope as EnvelopeOf<SpiffEvent>));
    case Events.SpiffCancelled:
      return h.consume(envelope, (tx) => handler.closeSpiffAssignments(envelope.payload as SpiffSnapshot, tx, envelope as EnvelopeOf<SpiffEvent>));
    case Events.PartnersImported:
      return h.consume(envelope, (tx) => handler.assignSpiffsToImportedPartners(
        envelope.payload as PartnersImportedPayload, tx, envelope as EnvelopeOf<typeof Events.PartnersImported>));
    default:
      return h.consume(envelope, (tx) => handler.assignSpiffsToPartner(envelope.payload as PartnerSnapshot, tx, envelope as EnvelopeOf<PartnerEvent>));
  }
}

/** A product the catalog announced, with its rate and the gold tier's. */
export async function catalogProduct(h: ServiceHarness, name: string, rates = { base: 10, gold: 12 }): Promise<ProductSnapshot> {
  const product: ProductSnapshot = { id: randomUUID(), name, sku: `SKU-${randomUUID().slice(0, 8)}`, commission_rate: rates.base, commission_rates: { gold: rates.gold } };
  await receive(h, h.envelope(Events.ProductCreated, product, 'campaigns'));
  return product;
}

export function partnerSnapshot(tier: PartnerTier, status: PartnerStatus = 'approved', version = 1): PartnerSnapshot {
  const id = randomUUID();
  return { id, name: `Partner ${id.slice(0, 8)}`, tier, status, contact_email: `${id}@example.com`, version };
}

/** An approved partner the partners service announced. */
export async function approvedPartner(h: ServiceHarness, tier: PartnerTier = 'gold'): Promise<PartnerSnapshot> {
  const partner = partnerSnapshot(tier);
  await receive(h, h.envelope(Events.PartnerApproved, partner, 'partners'));
  return partner;
}

export function spiffSnapshot(productIds: string[], change: Partial<SpiffSnapshot> = {}): SpiffSnapshot {
  return {
    id: randomUUID(), name: 'Q1 Laptop Promotion', description: null, target_products: productIds, assignment_type: 'tier',
    target_tiers: ['gold', 'platinum'], target_partners: [], incentive_amount: 100, incentive_type: 'fixed',
    start_date: '2025-01-01', end_date: '2025-03-31', status: 'active', cancelled_on: null, milestones: [], created_by: ADMIN_ID, ...change,
  };
}

export const asPartner = (partner: { id: string }): Actor => ({ user_id: randomUUID(), role: 'partner', partner_id: partner.id });

/**
 * What the commissions service answers fulfillment about booked lines: nothing booked unless the
 * test books it (a sale's response then shows the line as it stands).
 */
export class LedgerAnswers {
  private readonly booked = new Map<string, CommissionView>();

  book(saleId: string, line: Pick<CommissionView, 'commission_amount' | 'spiff_bonus' | 'total_commission' | 'status' | 'spiffs_applied'>): void {
    this.booked.set(saleId, line as CommissionView);
  }

  bySales(saleIds: string[]): Promise<Record<string, CommissionView>> {
    return Promise.resolve(Object.fromEntries(saleIds.flatMap((id) => (this.booked.has(id) ? [[id, this.booked.get(id) as CommissionView]] : []))));
  }
}
