import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { ErrorCode, Events } from '@spiffworks/contracts';
import type { CommissionChangedPayload, LogSaleCommand, PartnerSnapshot, SaleLoggedPayload, SaleView, SpiffBudgetThresholdPayload } from '@spiffworks/contracts';
import { calculateSaleCommission } from '@spiffworks/commission-rules';
import { Transactions } from '@spiffworks/runtime';
import { TEST_ADMIN, refusalOf, serviceHarness } from '@spiffworks/testing';
import type { ServiceHarness } from '@spiffworks/testing';
import { FulfillmentAppModule } from '../../src/fulfillment-app.module';
import { SpiffFundsHandler } from '../../src/funds/spiff-funds.handler';
import { SpiffFundsService } from '../../src/funds/spiff-funds.service';
import { CommissionsClient } from '../../src/sales/commissions.client';
import { SaleReturnsService } from '../../src/sales/sale-returns.service';
import { SalesService } from '../../src/sales/sales.service';
import { LedgerAnswers, approvedPartner, catalogProduct, receive, spiffSnapshot } from './fulfillment-inputs';

/** A small deterministic generator (mulberry32): a failing case is reproduced from its seed. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Spiff funds on the real PostgreSQL: concurrent sales (group-committed API sales beside sales
 * committed in transactions of their own, as another replica's would be) never grant a cent over
 * the fund, and grant all of it when demand exceeds it; returns and rejected lines give back.
 */
describe('fulfillment: spiff funds (service and PostgreSQL, no broker)', () => {
  let h: ServiceHarness;
  let sales: SalesService;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'fulfillment', module: FulfillmentAppModule.register, standIns: [{ provide: CommissionsClient, useValue: new LedgerAnswers() }] });
    sales = h.get(SalesService);
  });
  afterAll(() => h?.close());

  /** A budgeted spiff ($ per unit, fixed) on a fresh product, for fresh gold partners who hold its assignment. */
  async function fund(budget: number, cap: number | null, partnerCount: number, perUnit = 7.35): Promise<{ spiffId: string; productId: string; partners: PartnerSnapshot[] }> {
    const product = await catalogProduct(h, `Fund ${randomUUID().slice(0, 8)}`);
    const partners: PartnerSnapshot[] = [];
    for (let i = 0; i < partnerCount; i++) partners.push(await approvedPartner(h));
    const spiff = spiffSnapshot([product.id], {
      target_tiers: [], assignment_type: 'individual', target_partners: partners.map((p) => p.id), incentive_amount: perUnit,
      budget_amount: budget, per_partner_cap: cap, budget_version: 0,
    });
    await receive(h, h.envelope(Events.SpiffCreated, spiff, 'campaigns'));
    await h.newEvents();
    return { spiffId: spiff.id, productId: product.id, partners };
  }

  const saleOf = (productId: string, partner: PartnerSnapshot, quantity: number): LogSaleCommand =>
    ({ partner_id: partner.id, product_id: productId, quantity, unit_price: 100, sale_date: '2025-02-01' });

  /** Half through the API's group commit, half each in a transaction of its own (another replica's). */
  async function sellConcurrently(commands: LogSaleCommand[]): Promise<Array<{ id: string; spiff_bonus: number }>> {
    const transactions = h.get(Transactions);
    return Promise.all(commands.map(async (command, i) => {
      if (i % 2 === 0) {
        const view: SaleView = await sales.log(command, TEST_ADMIN);
        return { id: view.id, spiff_bonus: view.spiff_bonus ?? 0 };
      }
      const [recorded] = await transactions.run((tx) => sales.recordMany(tx, [{ command, actor: TEST_ADMIN }], 'each'));
      if (!('facts' in recorded)) throw recorded;
      return { id: recorded.sale.id, spiff_bonus: calculateSaleCommission(recorded.facts).bonus.toNumber() };
    }));
  }

  const committed = async (spiffId: string) => (await h.rows<{ committed: string }>('SELECT committed::text FROM spiff_funds WHERE spiff_id = $1', [spiffId]))[0].committed;
  const grantsOf = async (spiffId: string) => h.rows<{ partner_id: string; granted: string }>('SELECT partner_id, granted::text FROM spiff_fund_grants WHERE spiff_id = $1', [spiffId]);
  const sum = (values: Array<Decimal.Value>) => values.reduce<Decimal>((s, v) => s.plus(v), new Decimal(0));

  it.each([[1], [2], [3], [4], [5]])('property, seed %i: random concurrent sales against a small fund grant Σ ≤ budget, = budget when demand exceeds it', async (seed) => {
    const random = generator(seed);
    const budget = new Decimal(Math.floor(random() * 40_000) + 500).dividedBy(100).toNumber(); // 5.00 .. 404.99
    const f = await fund(budget, null, 4);
    const commands = Array.from({ length: 12 + Math.floor(random() * 20) }, () =>
      saleOf(f.productId, f.partners[Math.floor(random() * f.partners.length)], 1 + Math.floor(random() * 6)));
    const demand = sum(commands.map((c) => new Decimal(7.35).times(c.quantity)));

    const answers = await sellConcurrently(commands);

    const granted = sum(answers.map((a) => a.spiff_bonus));
    expect(granted.lessThanOrEqualTo(budget)).toBe(true);
    if (demand.greaterThanOrEqualTo(budget)) expect(granted.toFixed(2)).toBe(new Decimal(budget).toFixed(2));
    else expect(granted.toFixed(2)).toBe(demand.toFixed(2));
    expect(await committed(f.spiffId)).toBe(granted.toFixed(2));
    expect(sum((await grantsOf(f.spiffId)).map((g) => g.granted)).toFixed(2)).toBe(granted.toFixed(2));
    // The ledger weighs the same facts: every sale.logged grants what the sale answered.
    const logged = (await h.newEvents()).filter((e) => e.type === Events.SaleLogged).map((e) => e.payload as SaleLoggedPayload);
    expect(sum(logged.map((facts) => calculateSaleCommission(facts).bonus)).toFixed(2)).toBe(granted.toFixed(2));
    // At most one sale got a part of its bonus: the one crossing the fund.
    const partial = logged.map((facts) => calculateSaleCommission(facts).trace.spiffs?.[0].budget).filter((b) => b && b.granted !== '0.00');
    expect(partial.length).toBeLessThanOrEqual(1);
    if (partial.length) expect(partial[0]).toMatchObject({ reason: 'budget_exhausted' });
  });

  it('property with a per-partner cap: no partner past the cap, each partner granted min(its demand, the cap) when the fund holds them all', async () => {
    const random = generator(42);
    // 5 partners × a cap of 10.00 < the fund's 100.00: the caps bind, whatever order the sales commit in.
    const f = await fund(100, 10, 5);
    const commands = Array.from({ length: 30 }, () => saleOf(f.productId, f.partners[Math.floor(random() * 5)], 1 + Math.floor(random() * 3)));

    const answers = await sellConcurrently(commands);

    const grants = await grantsOf(f.spiffId);
    let expected = new Decimal(0);
    for (const partner of f.partners) {
      const demand = sum(commands.filter((c) => c.partner_id === partner.id).map((c) => new Decimal(7.35).times(c.quantity)));
      const granted = sum(grants.filter((g) => g.partner_id === partner.id).map((g) => g.granted));
      expect(granted.toFixed(2)).toBe(Decimal.min(demand, 10).toFixed(2));
      expected = expected.plus(Decimal.min(demand, 10));
    }
    expect(sum(answers.map((a) => a.spiff_bonus)).toFixed(2)).toBe(expected.toFixed(2));
    expect(await committed(f.spiffId)).toBe(expected.toFixed(2));
    const reasons = new Set((await h.newEvents()).filter((e) => e.type === Events.SaleLogged)
      .flatMap((e) => calculateSaleCommission(e.payload as SaleLoggedPayload).trace.spiffs?.map((s) => s.budget?.reason) ?? []));
    expect([...reasons].filter(Boolean)).toEqual(['partner_cap_reached']);
  });

  it('announces 80 % and 100 % once each', async () => {
    const f = await fund(14.7, null, 1);
    for (let i = 0; i < 3; i++) await sales.log(saleOf(f.productId, f.partners[0], 1), TEST_ADMIN);
    const thresholds = (await h.newEvents()).filter((e) => e.type === Events.SpiffBudgetThreshold).map((e) => e.payload as SpiffBudgetThresholdPayload);
    // The second sale crosses both in one transaction: their order there does not matter.
    expect(thresholds.map((t) => [t.spiff_id, t.threshold, t.committed]).sort((a, b) => Number(a[1]) - Number(b[1])))
      .toEqual([[f.spiffId, 80, '14.70'], [f.spiffId, 100, '14.70']]);
  });

  it('a return gives the fund the clawed-back share; a rejected line releases the rest, once', async () => {
    const f = await fund(50, null, 1, 10);
    const sale = await sales.log(saleOf(f.productId, f.partners[0], 3), TEST_ADMIN); // 30.00
    expect(await committed(f.spiffId)).toBe('30.00');
    await h.get(SaleReturnsService).returnSale({ sale_id: sale.id, quantity: 1, reason: 'damaged' }, TEST_ADMIN);
    expect(await committed(f.spiffId)).toBe('20.00');

    const rejected: CommissionChangedPayload = {
      commission_id: randomUUID(), kind: 'sale', partner_id: f.partners[0].id, sale_id: sale.id, return_id: null, sale_date: '2025-02-01', product_id: f.productId,
      revenue: '300.00', commission_amount: '36.00', spiff_bonus: '30.00', reward_amount: '0.00', total_commission: '66.00',
      spiff_bonuses: [{ spiff_id: f.spiffId, bonus: '30.00' }], previous_status: 'pending', status: 'rejected',
    };
    const handler = h.get(SpiffFundsHandler);
    // The clawback, rejected with its sale's line (never alone), neither gives nor takes: the return gave its share already.
    const clawback: CommissionChangedPayload = {
      ...rejected, commission_id: randomUUID(), kind: 'clawback', return_id: randomUUID(), revenue: '-100.00', commission_amount: '-12.00', spiff_bonus: '-10.00',
      total_commission: '-22.00', spiff_bonuses: [{ spiff_id: f.spiffId, bonus: '-10.00' }],
    };
    await h.consume(h.envelope(Events.CommissionRejected, clawback, 'commissions'), (tx) => handler.releaseRejected(clawback, tx));
    expect(await committed(f.spiffId)).toBe('20.00');
    const envelope = h.envelope(Events.CommissionRejected, rejected, 'commissions');
    await h.consume(envelope, (tx) => handler.releaseRejected(rejected, tx));
    expect(await committed(f.spiffId)).toBe('0.00');
    await h.consume(envelope, (tx) => handler.releaseRejected(rejected, tx)); // redelivered: a no-op
    await h.consume(h.envelope(Events.CommissionRejected, rejected, 'commissions'), (tx) => handler.releaseRejected(rejected, tx)); // republished: released once
    expect(await committed(f.spiffId)).toBe('0.00');
    // A return after the rejection gives nothing back a second time.
    await h.get(SaleReturnsService).returnSale({ sale_id: sale.id, quantity: 2, reason: 'all back' }, TEST_ADMIN);
    expect(await committed(f.spiffId)).toBe('0.00');
  });

  it('returning all of a crossing sale gives back exactly what it was granted, and a later sale can draw it', async () => {
    const f = await fund(25, null, 1, 10);
    await sales.log(saleOf(f.productId, f.partners[0], 2), TEST_ADMIN); // 20.00
    const crossing = await sales.log(saleOf(f.productId, f.partners[0], 3), TEST_ADMIN); // asks 30.00, gets 5.00
    expect(crossing.spiff_bonus).toBe(5);
    await h.get(SaleReturnsService).returnSale({ sale_id: crossing.id, quantity: 1, reason: 'x' }, TEST_ADMIN);
    await h.get(SaleReturnsService).returnSale({ sale_id: crossing.id, quantity: 2, reason: 'y' }, TEST_ADMIN);
    expect(await committed(f.spiffId)).toBe('20.00');
    expect((await sales.log(saleOf(f.productId, f.partners[0], 1), TEST_ADMIN)).spiff_bonus).toBe(5);
  });

  it('lowers a fund never below what is committed, changing nothing when refused; raises by the spiff event', async () => {
    const f = await fund(100, null, 1, 10);
    await sales.log(saleOf(f.productId, f.partners[0], 4), TEST_ADMIN); // 40.00
    const funds = h.get(SpiffFundsService);

    expect(await refusalOf(funds.lower({ spiff_id: f.spiffId, amount: '39.99', per_partner_cap: null, budget_version: 1 })))
      .toMatchObject({ status: 409, code: ErrorCode.BUDGET_BELOW_COMMITTED });
    expect((await funds.states([f.spiffId]))[f.spiffId]).toMatchObject({ amount: 100, committed: 40, remaining: 60 });

    expect(await funds.lower({ spiff_id: f.spiffId, amount: '45.00', per_partner_cap: null, budget_version: 1 })).toMatchObject({ amount: 45, committed: 40, remaining: 5 });
    expect((await sales.log(saleOf(f.productId, f.partners[0], 1), TEST_ADMIN)).spiff_bonus).toBe(5);

    // An older snapshot (version 0) arriving late does not undo the lowering; a raise (version 2) does apply.
    await receive(h, h.envelope(Events.SpiffUpdated, { ...spiffSnapshot([f.productId]), id: f.spiffId, target_tiers: [], assignment_type: 'individual', target_partners: f.partners.map((p) => p.id), budget_amount: 100, budget_version: 0 }, 'campaigns'));
    expect((await funds.states([f.spiffId]))[f.spiffId]).toMatchObject({ amount: 45 });
    await receive(h, h.envelope(Events.SpiffUpdated, { ...spiffSnapshot([f.productId]), id: f.spiffId, target_tiers: [], assignment_type: 'individual', target_partners: f.partners.map((p) => p.id), budget_amount: 80, budget_version: 2 }, 'campaigns'));
    expect((await funds.states([f.spiffId]))[f.spiffId]).toMatchObject({ amount: 80, committed: 45, remaining: 35 });
  });

  it('a cap given to a fund that had none counts what each partner drew before it', async () => {
    const f = await fund(200, null, 2, 10);
    const [drawn, fresh] = f.partners;
    await sales.log(saleOf(f.productId, drawn, 3), TEST_ADMIN); // 30.00 before any cap
    const funds = h.get(SpiffFundsService);

    expect(await refusalOf(funds.lower({ spiff_id: f.spiffId, amount: '200.00', per_partner_cap: '29.99', budget_version: 1 })))
      .toMatchObject({ status: 409, code: ErrorCode.BUDGET_BELOW_COMMITTED, errors: [{ field: 'per_partner_cap' }] });
    await funds.lower({ spiff_id: f.spiffId, amount: '200.00', per_partner_cap: '35.00', budget_version: 1 });

    expect((await sales.log(saleOf(f.productId, drawn, 2), TEST_ADMIN)).spiff_bonus).toBe(5);
    expect((await sales.log(saleOf(f.productId, fresh, 2), TEST_ADMIN)).spiff_bonus).toBe(20);
  });
});
