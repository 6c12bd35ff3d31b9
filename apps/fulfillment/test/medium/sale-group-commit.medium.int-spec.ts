import { randomUUID } from 'node:crypto';
import { ErrorCode, Events, Rpc } from '@spiffworks/contracts';
import type { Actor, LogSaleCommand, SaleLoggedPayload, SaleView } from '@spiffworks/contracts';
import { runWithCorrelation, runWithDeadline } from '@spiffworks/messaging';
import { idempotencyOf } from '@spiffworks/runtime';
import { TEST_ADMIN, refusalOf, serviceHarness } from '@spiffworks/testing';
import type { ServiceHarness } from '@spiffworks/testing';
import { AssignmentsService } from '../../src/assignments/assignments.service';
import { FulfillmentAppModule } from '../../src/fulfillment-app.module';
import { CommissionsClient } from '../../src/sales/commissions.client';
import { SalesService } from '../../src/sales/sales.service';
import { LedgerAnswers, approvedPartner, asPartner, catalogProduct } from './fulfillment-inputs';

/**
 * API sales logged at the same time share transactions (group commit), and each is still answered,
 * refused, replayed and announced as if it had been logged alone.
 */
describe('fulfillment: sales logged together (service and PostgreSQL, no broker)', () => {
  let h: ServiceHarness;
  let sales: SalesService;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'fulfillment', module: FulfillmentAppModule.register, standIns: [{ provide: CommissionsClient, useValue: new LedgerAnswers() }] });
    sales = h.get(SalesService);
  });
  afterAll(() => h?.close());

  interface Seller { actor: Actor; sale: (change?: Partial<LogSaleCommand>) => LogSaleCommand }

  /** Partners of one fresh product (12 % for gold), each holding a manual assignment of it over 2025. */
  async function sellers(count: number): Promise<Seller[]> {
    const product = await catalogProduct(h, `Router ${randomUUID().slice(0, 8)}`);
    const all: Seller[] = [];
    for (let i = 0; i < count; i++) {
      const partner = await approvedPartner(h);
      await h.get(AssignmentsService).create({
        partner_id: partner.id, product_ids: [product.id], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
      }, TEST_ADMIN);
      all.push({
        actor: asPartner(partner),
        sale: (change = {}) => ({ partner_id: partner.id, product_id: product.id, quantity: 1, unit_price: 100, sale_date: '2025-03-01', ...change }),
      });
    }
    await h.newEvents();
    return all;
  }

  const transactionsOf = async (ids: string[]) =>
    (await h.rows<{ n: number }>('SELECT count(DISTINCT xmin::text)::int AS n FROM sales WHERE id = ANY ($1::uuid[])', [ids]))[0].n;

  it('answers each of 40 concurrent sales with its own commission, in fewer transactions than sales, each sale.logged with its own request id', async () => {
    const all = await sellers(40);
    const requestIds = all.map(() => randomUUID());
    const answers = await Promise.all(all.map((s, i) => runWithCorrelation(requestIds[i], () => sales.log(s.sale({ quantity: i + 1 }), s.actor))));

    answers.forEach((answer, i) => {
      expect(answer).toMatchObject({ partner_id: all[i].actor.partner_id, quantity: i + 1, revenue: 100 * (i + 1), commission_amount: 12 * (i + 1) });
    });
    expect(await transactionsOf(answers.map((a) => a.id))).toBeLessThan(40);
    const logged = (await h.newEvents()).filter((e) => e.type === Events.SaleLogged);
    expect(logged.map((e) => [(e.payload as SaleLoggedPayload).sale_id, e.correlation_id]).sort())
      .toEqual(answers.map((a, i) => [a.id, requestIds[i]]).sort());
  });

  it('in one batch: a refused sale changes nothing and gives its key back, a replay answers the first sale, a reused key is 422', async () => {
    const [a, b, c, d] = await sellers(4);
    const keyOf = (actor: Actor, body: LogSaleCommand, key: string) =>
      idempotencyOf({ actor, correlation_id: randomUUID(), body, idempotency_key: key }, Rpc.fulfillment.LogSale);
    const replayed = a.sale({ invoice_number: 'R-1' });
    const replayKey = randomUUID();
    const first = await sales.log(replayed, a.actor, keyOf(a.actor, replayed, replayKey));
    await h.newEvents();

    const uncovered = b.sale({ sale_date: '2026-01-01' });
    const refusedKey = randomUUID();
    const reusedBody = a.sale({ quantity: 9 });
    const settled = await Promise.allSettled([
      sales.log(replayed, a.actor, keyOf(a.actor, replayed, replayKey)),
      sales.log(uncovered, b.actor, keyOf(b.actor, uncovered, refusedKey)),
      sales.log(reusedBody, a.actor, keyOf(a.actor, reusedBody, replayKey)),
      sales.log(c.sale(), c.actor),
      sales.log(d.sale({ invoice_number: 'D-1' }), d.actor),
      sales.log(d.sale({ invoice_number: 'D-1' }), d.actor),
    ]);

    expect(settled[0]).toEqual({ status: 'fulfilled', value: first });
    expect(await refusalOf(Promise.reject(reasonOf(settled[1])))).toMatchObject({ status: 422, code: ErrorCode.SALE_NOT_COVERED });
    expect(await refusalOf(Promise.reject(reasonOf(settled[2])))).toMatchObject({ status: 422, code: ErrorCode.IDEMPOTENCY_KEY_REUSED });
    expect(settled[3]).toMatchObject({ status: 'fulfilled', value: { partner_id: c.actor.partner_id, commission_amount: 12 } });
    // Two sales of one invoice together: the first is booked, the second refused as if it had come after.
    const invoiced = [settled[4], settled[5]];
    expect(invoiced.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    expect(await refusalOf(Promise.reject(reasonOf(invoiced.find((s) => s.status === 'rejected'))))).toMatchObject({ code: ErrorCode.INVOICE_ALREADY_USED });

    expect(await h.count('SELECT count(*) FROM sales WHERE partner_id = ANY ($1::uuid[])', [[a, b].map((s) => s.actor.partner_id)])).toBe(1);
    expect(await h.count('SELECT count(*) FROM idempotency_keys WHERE key = $1', [refusedKey])).toBe(0);
    const covered = b.sale();
    expect(await sales.log(covered, b.actor, keyOf(b.actor, covered, refusedKey))).toMatchObject({ partner_id: b.actor.partner_id });
  });

  it('two requests with one Idempotency-Key at once book one sale and answer it twice', async () => {
    const [a] = await sellers(1);
    const body = a.sale();
    const key = randomUUID();
    const request = () => sales.log(body, a.actor, idempotencyOf({ actor: a.actor, correlation_id: randomUUID(), body, idempotency_key: key }, Rpc.fulfillment.LogSale));
    const [one, two] = await Promise.all([request(), request()]);

    expect(two).toEqual(one);
    expect(await h.count('SELECT count(*) FROM sales WHERE partner_id = $1', [a.actor.partner_id])).toBe(1);
  });

  it('a request past its deadline is REQUEST_EXPIRED and stores nothing; the sales beside it are booked', async () => {
    const [late, onTime] = await sellers(2);
    const [expired, booked] = await Promise.allSettled([
      runWithDeadline(Date.now() - 1, () => sales.log(late.sale(), late.actor)),
      runWithDeadline(Date.now() + 30_000, () => sales.log(onTime.sale(), onTime.actor)),
    ]);

    expect(await refusalOf(Promise.reject(reasonOf(expired)))).toMatchObject({ code: ErrorCode.REQUEST_EXPIRED });
    expect(booked.status).toBe('fulfilled');
    expect(await h.count('SELECT count(*) FROM sales WHERE partner_id = $1', [late.actor.partner_id])).toBe(0);
  });

  it('a sale that fails the whole transaction (a database error, not a refusal) fails alone; the others of its batch are booked', async () => {
    const all = await sellers(6);
    await h.rows(`CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.invoice_number = 'POISON' THEN RAISE EXCEPTION 'poisoned sale'; END IF; RETURN NEW; END $$`);
    await h.rows('CREATE TRIGGER refuse_poison BEFORE INSERT ON sales FOR EACH ROW EXECUTE FUNCTION refuse_poison()');
    try {
      const settled = await Promise.allSettled(all.map((s, i) => sales.log(s.sale({ invoice_number: i === 2 ? 'POISON' : `OK-${i}` }), s.actor)));

      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
      expect(String((reasonOf(settled[2]) as Error).message)).toContain('poisoned sale');
      const booked = settled.flatMap((s) => (s.status === 'fulfilled' ? [(s.value as SaleView).id] : []));
      expect(await h.count('SELECT count(*) FROM sales WHERE id = ANY ($1::uuid[])', [booked])).toBe(5);
    } finally {
      await h.rows('DROP TRIGGER refuse_poison ON sales');
    }
  });
});

function reasonOf(result: PromiseSettledResult<unknown> | undefined): unknown {
  if (result?.status !== 'rejected') throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result.reason;
}
