import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { Events } from '@spiffworks/contracts';
import type {
  CommissionView, EnvelopeOf, MilestoneAchievedPayload, MilestoneReversedPayload, SaleLoggedPayload, SaleReturnedPayload, SalesLoggedPayload,
  SpiffCandidate,
} from '@spiffworks/contracts';
import type { InboxOutcome } from '@spiffworks/messaging';
import type { ServiceHarness } from '@spiffworks/testing';
import { CommissionLedger } from '../../src/ledger/commission-ledger.service';
import { LedgerBookingHandler } from '../../src/ledger/ledger-booking.handler';
import { CommissionReview } from '../../src/ledger/commission-review.service';

type LedgerInput = typeof Events.SaleLogged | typeof Events.SalesLogged | typeof Events.SaleReturned | typeof Events.MilestoneAchieved | typeof Events.MilestoneReversed;

/** Applies an event the ledger consumes through its handler's method, as its consumer does (inbox, one transaction, the same batch lock). */
export function receive(h: ServiceHarness, envelope: EnvelopeOf<LedgerInput>): Promise<InboxOutcome> {
  const handler = h.get(LedgerBookingHandler);
  const { lockOriginals } = h.get(CommissionLedger);
  switch (envelope.type) {
    case Events.SaleLogged:
      return h.consume(envelope, (tx) => handler.bookSale(envelope.payload as SaleLoggedPayload, tx));
    case Events.SalesLogged:
      return h.consume(envelope, (tx) => handler.bookSales(envelope.payload as SalesLoggedPayload, tx));
    case Events.SaleReturned:
      return h.consume(envelope, (tx) => handler.bookClawback(envelope.payload as SaleReturnedPayload, tx), lockOriginals);
    case Events.MilestoneAchieved:
      return h.consume(envelope, (tx) => handler.bookReward(envelope.payload as MilestoneAchievedPayload, tx));
    default:
      return h.consume(envelope, (tx) => handler.bookRewardClawback(envelope.payload as MilestoneReversedPayload, tx), lockOriginals);
  }
}

/** The partner's ledger, oldest line first. */
export async function linesOf(h: ServiceHarness, partnerId: string): Promise<CommissionView[]> {
  const page = await h.get(CommissionReview).list({ partner_id: partnerId, page: 1, page_size: 100 });
  return [...page.items].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
}

/** What the partner nets from the lines that count (not rejected), in cents. */
export function netCents(lines: CommissionView[]): number {
  return lines.filter((l) => l.status !== 'rejected').reduce((cents, l) => cents + Math.round(l.total_commission * 100), 0);
}

/** A spiff the sale's partner is assigned to, on the sale's product (`saleFacts` names it). */
export type SpiffTerms = Omit<SpiffCandidate, 'product_ids'>;

/** A gold partner's sale on 2025-01-15, with the facts fulfillment publishes in `sale.logged`. */
export function saleFacts(partnerId: string, quantity: number, unitPrice: string, rate: string, spiffs: SpiffTerms[] = []): SaleLoggedPayload {
  const productId = randomUUID();
  return {
    sale_id: randomUUID(), partner_id: partnerId, partner_name: 'Ledger Partners', tier: 'gold', product_id: productId,
    product_name: 'Laptop', quantity, unit_price: unitPrice, revenue: new Decimal(unitPrice).times(quantity).toFixed(2), sale_date: '2025-01-15',
    invoice_number: null, commission_rate: rate, spiff_candidates: spiffs.map((s) => ({ ...s, product_ids: [productId] })),
    assignment_ids: [randomUUID()], logged_by: randomUUID(), logged_at: new Date().toISOString(),
  };
}

/** A fixed spiff of `amount` per unit over Q1 2025. */
export function fixedSpiff(name: string, amount: string): SpiffTerms {
  return {
    spiff_id: randomUUID(), name, incentive_type: 'fixed', incentive_amount: amount, start_date: '2025-01-01', end_date: '2025-03-31',
    status: 'active', cancelled_on: null, partner_has_assignment: true,
  };
}

/** `quantity` units of the sale given back, after `returnedBefore` already were. */
export function returnOf(sale: SaleLoggedPayload, quantity: number, returnedBefore = 0): SaleReturnedPayload {
  return {
    return_id: randomUUID(), sale_id: sale.sale_id, partner_id: sale.partner_id, product_id: sale.product_id, sale_date: sale.sale_date,
    sold_quantity: sale.quantity, returned_before: returnedBefore, quantity,
    revenue_returned: new Decimal(sale.unit_price).times(quantity).toFixed(2), reason: 'returned', returned_at: new Date().toISOString(),
  };
}

export function achievement(partnerId: string, reward: string): MilestoneAchievedPayload {
  return {
    achievement_id: randomUUID(), partner_id: partnerId, assignment_id: randomUUID(), spiff_id: null, milestone: '2 units',
    metric: 'units', threshold: '2', reward_amount: reward, achieved_at: new Date().toISOString(),
  };
}

export function reversalOf(reached: MilestoneAchievedPayload, progress: string): MilestoneReversedPayload {
  const { achieved_at: _achievedAt, ...milestone } = reached;
  return { ...milestone, progress, return_id: randomUUID(), sale_id: randomUUID(), reversed_at: new Date().toISOString() };
}
