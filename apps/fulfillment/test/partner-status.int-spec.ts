import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ErrorCode, Events, Rpc } from '@spiffworks/contracts';
import type { Actor, PartnerSnapshot, ProductSnapshot, SaleView, SpiffSnapshot } from '@spiffworks/contracts';
import { countRows, eventually, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker, TestRpcClient } from '@spiffworks/testing';
import { FulfillmentAppModule } from '../src/fulfillment-app.module';

const ADMIN_ID = '00000000-0000-4000-8000-0000000000aa';

/**
 * Only approved partners take part. Fulfillment mirrors each partner's status from
 * `partner.*`: a pending or suspended partner gets no assignment (422) and logs no sale (403); a
 * suspended one keeps its assignments and sales, and is back to normal once approved again.
 */
describe('fulfillment: only approved partners take part (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let broker: TestBroker;
  let db: Pool;
  let rpc: TestRpcClient;
  const laptop: ProductSnapshot = { id: randomUUID(), name: 'Status Laptop', sku: 'ST-LAP', commission_rate: 10, commission_rates: { gold: 12 } };

  beforeAll(async () => {
    h = await serviceHarness({ service: 'fulfillment', module: FulfillmentAppModule.register, broker: true });
    ({ broker, db, rpc } = h);
    broker.publish(broker.envelope(Events.ProductCreated, laptop));
    await eventually(() => countRows(db, 'SELECT count(*) FROM catalog_products'), (n) => n === 1);
  });

  afterAll(() => h?.close());

  const apply = <T>(type: string, payload: T): Promise<void> => h.apply(broker.envelope(type as typeof Events.PartnerApproved, payload as never));

  function partner(status: PartnerSnapshot['status'], version = 1): PartnerSnapshot {
    const id = randomUUID();
    return { id, name: `Partner ${id.slice(0, 8)}`, tier: 'gold', status, contact_email: `${id}@example.com`, version };
  }

  function spiff(change: Partial<SpiffSnapshot> = {}): SpiffSnapshot {
    return {
      id: randomUUID(), name: 'Status spiff', description: null, target_products: [laptop.id], assignment_type: 'tier',
      target_tiers: ['gold'], target_partners: [], incentive_amount: 100, incentive_type: 'fixed',
      start_date: '2025-01-01', end_date: '2999-12-31', status: 'active', cancelled_on: null, milestones: [], created_by: ADMIN_ID, ...change,
    };
  }

  const manualAssignment = (partnerId: string) => rpc.call(Rpc.fulfillment.CreateAssignment, {
    partner_id: partnerId, product_ids: [laptop.id], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
  });
  const logSale = (partnerId: string, actor?: Actor) => rpc.call<SaleView>(Rpc.fulfillment.LogSale, {
    partner_id: partnerId, product_id: laptop.id, quantity: 1, unit_price: 1000, sale_date: '2025-06-01',
  }, actor);
  const asPartner = (partnerId: string): Actor => ({ user_id: randomUUID(), role: 'partner', partner_id: partnerId });
  const rows = async (sql: string, partnerId: string) => (await db.query(sql, [partnerId])).rows;

  it('a pending partner gets no manual assignment (422 PARTNER_NOT_APPROVED) and logs no sale (403 PARTNER_ACCOUNT_INACTIVE)', async () => {
    const pending = partner('pending');
    await apply(Events.PartnerRegistered, pending);
    await expect(manualAssignment(pending.id)).rejects.toMatchObject({ error: { code: ErrorCode.PARTNER_NOT_APPROVED, status: 422 } });
    expect(await countRows(db, 'SELECT count(*) FROM assignments WHERE partner_id = $1', [pending.id])).toBe(0);

    // Even holding an assignment (one made before this rule, say), a pending partner sells nothing.
    await db.query(
      `INSERT INTO assignments (id, partner_id, spiff_id, product_ids, assignment_type, start_date, end_date, status, assigned_by, milestones)
       VALUES (gen_random_uuid(), $1, NULL, $2, 'product', '2025-01-01', '2025-12-31', 'active', $3, '[]')`,
      [pending.id, [laptop.id], ADMIN_ID],
    );
    for (const actor of [undefined, asPartner(pending.id)]) {
      await expect(logSale(pending.id, actor)).rejects.toMatchObject({ error: { code: ErrorCode.PARTNER_ACCOUNT_INACTIVE, status: 403 } });
    }
    expect(await countRows(db, 'SELECT count(*) FROM sales WHERE partner_id = $1', [pending.id])).toBe(0);
    expect(await countRows(db, `SELECT count(*) FROM assignments WHERE partner_id = $1 AND actual_quantity > 0`, [pending.id])).toBe(0);
  });

  it('a suspended partner keeps its assignments and sales but sells nothing and gets nothing new; approved again, it is back to normal', async () => {
    const gold = partner('approved');
    await apply(Events.PartnerApproved, gold);
    const running = spiff();
    await apply(Events.SpiffCreated, running);
    await manualAssignment(gold.id);
    const before = await logSale(gold.id, asPartner(gold.id));
    expect(before).toMatchObject({ commission_amount: 120, spiff_bonus: 100, total_commission: 220 });

    await apply(Events.PartnerUpdated, { ...gold, status: 'suspended', version: 2 });
    for (const actor of [undefined, asPartner(gold.id)]) {
      await expect(logSale(gold.id, actor)).rejects.toMatchObject({ error: { code: ErrorCode.PARTNER_ACCOUNT_INACTIVE, status: 403 } });
    }
    await expect(manualAssignment(gold.id)).rejects.toMatchObject({ error: { code: ErrorCode.PARTNER_NOT_APPROVED, status: 422 } });
    // A spiff created while it is suspended passes it by.
    const whileSuspended = spiff({ name: 'While suspended' });
    await apply(Events.SpiffCreated, whileSuspended);
    expect(await countRows(db, 'SELECT count(*) FROM assignments WHERE spiff_id = $1 AND partner_id = $2', [whileSuspended.id, gold.id])).toBe(0);
    // History stays: its assignments are untouched (still active, progress kept) and its sale is there.
    const kept = await rows('SELECT status, actual_quantity::text AS units FROM assignments WHERE partner_id = $1 ORDER BY created_at', gold.id);
    expect(kept).toEqual([{ status: 'active', units: '1' }, { status: 'active', units: '1' }]);
    expect(await countRows(db, 'SELECT count(*) FROM sales WHERE partner_id = $1', [gold.id])).toBe(1);

    await apply(Events.PartnerApproved, { ...gold, status: 'approved', version: 3 });
    // Back to normal: it joins the spiff it missed and sells with both spiffs' bonuses.
    expect(await countRows(db, 'SELECT count(*) FROM assignments WHERE spiff_id = $1 AND partner_id = $2', [whileSuspended.id, gold.id])).toBe(1);
    const after = await logSale(gold.id, asPartner(gold.id));
    expect(after).toMatchObject({ commission_amount: 120, spiff_bonus: 200, total_commission: 320 });
    await expect(manualAssignment(gold.id)).resolves.toMatchObject({ partner_id: gold.id, status: 'active' });
  });
});
