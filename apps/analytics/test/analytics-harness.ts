import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { Events } from '@spiffworks/contracts';
import type {
  Actor, AssignmentsCreatedPayload, CommissionChangedPayload, CommissionStatus, DisputeOpenedPayload, DisputeResolvedPayload, EventEnvelope, MilestoneAchievedPayload,
  PartnerSnapshot, PartnerTier, SaleLoggedPayload, SpiffSnapshot,
} from '@spiffworks/contracts';
import type { PlatformConfig } from '@spiffworks/runtime';
import { TEST_ADMIN, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker, TestRpcClient } from '@spiffworks/testing';
import { AnalyticsAppModule } from '../src/analytics-app.module';

export const ANALYST: Actor = { user_id: '00000000-0000-4000-8000-000000000002', role: 'analyst', partner_id: null };

/** The analytics service in its own namespace, with the broker, its database and an RPC client. */
export class AnalyticsHarness {
  private constructor(private readonly service: BrokerServiceHarness) {}

  static async start(): Promise<AnalyticsHarness> {
    return new AnalyticsHarness(await serviceHarness({ service: 'analytics', module: AnalyticsAppModule.register, broker: true }));
  }

  get config(): PlatformConfig {
    return this.service.config;
  }

  get app(): INestApplication {
    return this.service.app;
  }

  get broker(): TestBroker {
    return this.service.broker;
  }

  get db(): Pool {
    return this.service.db;
  }

  get rpc(): TestRpcClient {
    return this.service.rpc;
  }

  stop(): Promise<void> {
    return this.service.close();
  }

  /** Publishes the events together (the service may apply them in any order) and waits until all are applied. */
  apply(...events: EventEnvelope[]): Promise<void> {
    return this.service.apply(...events);
  }

  /** Publishes one event at a time, each applied before the next is sent: an exact arrival order. */
  async applyInOrder(...events: EventEnvelope[]): Promise<void> {
    for (const event of events) await this.apply(event);
  }

  applied(events: EventEnvelope[]): Promise<void> {
    return this.service.applied(events);
  }

  call<T>(pattern: string, body: unknown, actor: Actor = TEST_ADMIN): Promise<T> {
    return this.rpc.call<T>(pattern, body, actor);
  }

  /** The status of a failed call (RpcCallFailed carries the service's error). */
  async failure(pattern: string, body: unknown, actor: Actor = TEST_ADMIN): Promise<{ status: number; message: string }> {
    try {
      await this.rpc.call(pattern, body, actor);
    } catch (error) {
      return (error as { error: { status: number; message: string } }).error;
    }
    throw new Error(`${pattern} succeeded`);
  }

  // Events as each owning service would publish them.

  partner(p: PartnerSnapshot, type: typeof Events.PartnerApproved | typeof Events.PartnerRegistered | typeof Events.PartnerUpdated = Events.PartnerApproved): EventEnvelope<PartnerSnapshot> {
    return this.broker.envelope(type, p, 'partners');
  }

  spiffCreated(spiff: SpiffSnapshot): EventEnvelope<SpiffSnapshot> {
    return this.broker.envelope(Events.SpiffCreated, spiff, 'campaigns');
  }

  assignments(spiffId: string | null, partnerIds: string[]): EventEnvelope<AssignmentsCreatedPayload> {
    return this.broker.envelope<AssignmentsCreatedPayload>(Events.AssignmentsCreated, {
      spiff_id: spiffId,
      assignments: partnerIds.map((partner_id) => ({ id: randomUUID(), partner_id, status: 'active' })),
    }, 'fulfillment');
  }

  saleLogged(sale: SaleLoggedPayload): EventEnvelope<SaleLoggedPayload> {
    return this.broker.envelope(Events.SaleLogged, sale, 'fulfillment');
  }

  commission(line: CommissionChangedPayload): EventEnvelope<CommissionChangedPayload> {
    const type = {
      pending: Events.CommissionRecorded,
      approved: Events.CommissionApproved,
      paid: Events.CommissionPaid,
      rejected: Events.CommissionRejected,
      awaiting_review: Events.CommissionRecorded,
    }[line.status];
    return this.broker.envelope(type, line, 'commissions');
  }

  disputeOpened(opened: DisputeOpenedPayload): EventEnvelope<DisputeOpenedPayload> {
    return this.broker.envelope(Events.DisputeOpened, opened, 'commissions');
  }

  disputeResolved(resolved: DisputeResolvedPayload): EventEnvelope<DisputeResolvedPayload> {
    return this.broker.envelope(Events.DisputeResolved, resolved, 'commissions');
  }

  milestone(achievement: MilestoneAchievedPayload): EventEnvelope<MilestoneAchievedPayload> {
    return this.broker.envelope(Events.MilestoneAchieved, achievement, 'fulfillment');
  }
}

export function partnerSnapshot(name: string, tier: PartnerTier = 'gold'): PartnerSnapshot {
  return { id: randomUUID(), name, tier, status: 'approved', contact_email: `${randomUUID()}@example.com`, version: 2 };
}

export function spiffSnapshot(name: string, productIds: string[], start_date: string, end_date: string): SpiffSnapshot {
  return {
    id: randomUUID(), name, description: null, target_products: productIds, assignment_type: 'tier', target_tiers: ['gold', 'platinum'],
    target_partners: [], incentive_amount: 100, incentive_type: 'fixed', start_date, end_date, status: 'active', cancelled_on: null, created_by: randomUUID(), milestones: [],
  };
}

export function sale(partner: PartnerSnapshot, productId: string, sale_date: string, quantity: number, unitPrice: string, revenue: string): SaleLoggedPayload {
  return {
    sale_id: randomUUID(), partner_id: partner.id, partner_name: partner.name, tier: partner.tier, product_id: productId,
    product_name: 'Test Laptop Pro', quantity, unit_price: unitPrice, revenue, sale_date, invoice_number: null, commission_rate: '12',
    spiff_candidates: [], assignment_ids: [], logged_by: randomUUID(), logged_at: new Date().toISOString(),
  };
}

/** A sale's ledger line in a status; amounts as the commissions service computed them. */
export function saleLine(
  s: SaleLoggedPayload,
  amounts: { base: string; bonuses?: Array<{ spiff_id: string; bonus: string }>; total: string; commission_id?: string },
  status: CommissionStatus = 'pending',
  previous_status: CommissionStatus | null = null,
): CommissionChangedPayload {
  const bonuses = amounts.bonuses ?? [];
  const spiffBonus = bonuses.reduce((cents, b) => cents + Math.round(Number(b.bonus) * 100), 0);
  return {
    commission_id: amounts.commission_id ?? randomUUID(), kind: 'sale', partner_id: s.partner_id, tier: s.tier, sale_id: s.sale_id, return_id: null, sale_date: s.sale_date,
    product_id: s.product_id, revenue: s.revenue, commission_amount: amounts.base, spiff_bonus: (spiffBonus / 100).toFixed(2),
    reward_amount: '0.00', total_commission: amounts.total, spiff_bonuses: bonuses, previous_status, status,
  };
}

/** The same line after a transition. */
export function transitioned(line: CommissionChangedPayload, status: CommissionStatus): CommissionChangedPayload {
  return { ...line, previous_status: line.status, status };
}
