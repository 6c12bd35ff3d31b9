import type { Pool } from 'pg';
import { Events } from '@spiffworks/contracts';
import type { EventEnvelope, SaleLoggedPayload } from '@spiffworks/contracts';
import { MessagingTopology } from '@spiffworks/messaging';
import {
  GatewayClient,
  PlatformProcesses,
  TestBroker,
  countRows,
  eventually,
  isolatedConfig,
  openServiceDb,
  removeNamespace,
} from '@spiffworks/testing';
import type { ServiceReplica } from '@spiffworks/testing';
import { E2E_ADMIN, createPartner, mapLimit, stopPlatform } from './support';
import type { RunningPlatform } from './support';
import { logSaleUntilDefinitive } from './chaos/chaos-client';
import type { SaleOutcome } from './chaos/chaos-client';

/**
 * Several replicas of a service are safe. Two fulfillment and two commissions processes
 * migrate fresh databases at the same moment, then share a tier spiff's fan-out and concurrent
 * sales; then one replica of each is SIGKILLed mid-load and the other carries on.
 */
const SALES = Number(process.env.REPLICAS_SALES ?? 1200);
const SALES_DURING_KILL = Number(process.env.REPLICAS_SALES_DURING_KILL ?? 800);
const CLIENTS = Number(process.env.REPLICAS_CLIENTS ?? 16);
/** Partners before the spiff, and while it is created (its fan-out races their approvals). */
const PARTNERS_BEFORE = 270;
const PARTNERS_DURING = 90;
/** Partners approved while one replica is killed: half before the kill, half after. */
const PARTNERS_DURING_KILL = 60;
const TIERS = ['gold', 'platinum', 'silver'] as const;
const TARGETED = new Set<string>(['gold', 'platinum']);

/**
 * What each replica did, from what it prints anyway: one info line per consumed event, e.g.
 * `{"level":"info","service":"commissions","msg":"event sale.logged consumed","event_id":"…",…}`
 * (`already consumed` when the inbox found it applied, `"redelivered":true` when the broker had
 * delivered it before); and its `/metrics` counter.
 */
const REPLICA_ENV = { LOG_LEVEL: 'info' };
const CONSUMED = /^event (\S+) (consumed|already consumed)$/;

interface Consumption {
  processed: Record<string, number>;
  processedTotal: number;
  duplicates: number;
  /** Deliveries the broker had handed out before (`redelivered` in the line). */
  redelivered: number;
  ids: Set<string>;
}

/** What one replica says it consumed, from line `from` on. */
function consumption(replica: ServiceReplica, from = 0): Consumption {
  const result: Consumption = { processed: {}, processedTotal: 0, duplicates: 0, redelivered: 0, ids: new Set() };
  for (const line of replica.lines().slice(from)) {
    if (!line.startsWith('{') || !line.includes('consumed')) continue;
    let entry: { msg?: string; event_id?: string; redelivered?: boolean };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    const match = CONSUMED.exec(entry.msg ?? '');
    if (!match) continue;
    const [, type, outcome] = match;
    if (entry.redelivered) result.redelivered += 1;
    if (outcome === 'consumed') {
      result.processed[type] = (result.processed[type] ?? 0) + 1;
      result.processedTotal += 1;
      if (entry.event_id) result.ids.add(entry.event_id);
    } else {
      result.duplicates += 1;
    }
  }
  return result;
}

/** The replica's `spiffworks_messages_consumed_total` (acked events, its own process only). */
async function consumedMetric(replica: ServiceReplica): Promise<number> {
  const text = await (await fetch(`${replica.url}/metrics`)).text();
  return text.split('\n')
    .filter((line) => line.startsWith('spiffworks_messages_consumed_total'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

function sumByType(...parts: Consumption[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const part of parts) for (const [type, n] of Object.entries(part.processed)) total[type] = (total[type] ?? 0) + n;
  return total;
}

async function inboxByType(db: Pool): Promise<Record<string, number>> {
  const { rows } = await db.query<{ type: string; count: string }>('SELECT type, count(*) FROM inbox GROUP BY type');
  return Object.fromEntries(rows.map((r) => [r.type, Number(r.count)]));
}

describe('replicas: two fulfillment and two commissions processes share the work, with no duplicate and no loss', () => {
  let running: RunningPlatform;
  let fulfillment: ServiceReplica[];
  let commissions: ServiceReplica[];
  let broker: TestBroker;
  const dbs = {} as Record<'fulfillment' | 'commissions' | 'analytics', Pool>;
  const figures: Record<string, string | number> = {};

  // Campaign set up in the second test, used by the third.
  let product: string;
  let spiff: string;
  const partners: Array<{ id: string; tier: string }> = [];
  const outcomes: SaleOutcome[] = [];

  beforeAll(async () => {
    const config = isolatedConfig({
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      RPC_TIMEOUT_MS: '5000',
      COMMISSION_RPC_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'error',
    });
    const platform = new PlatformProcesses(config);
    try {
      // The four replicas create and migrate their (fresh) databases at the same moment.
      const [, f1, f2, c1, c2] = await Promise.all([
        platform.start(['partners', 'campaigns', 'analytics', 'gateway']),
        platform.startReplica('fulfillment', { env: REPLICA_ENV }),
        platform.startReplica('fulfillment', { env: REPLICA_ENV }),
        platform.startReplica('commissions', { env: REPLICA_ENV }),
        platform.startReplica('commissions', { env: REPLICA_ENV }),
      ]);
      fulfillment = [f1, f2];
      commissions = [c1, c2];
    } catch (error) {
      await platform.stop();
      await removeNamespace(config);
      throw error;
    }
    const api = new GatewayClient(platform.gatewayUrl);
    running = { config, platform, api, admin: await api.login(E2E_ADMIN.email, E2E_ADMIN.password) };
    for (const service of ['fulfillment', 'commissions', 'analytics'] as const) dbs[service] = openServiceDb(config, service);
    broker = await TestBroker.open(config);
    await broker.listen([Events.SaleLogged]);
  }, 180_000);

  afterAll(async () => {
    console.log(`replicas figures:\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
    await broker?.close();
    await Promise.all(Object.values(dbs).map((db) => db.end()));
    await stopPlatform(running);
  });

  it('migrates each fresh database once although two processes started on it together', async () => {
    for (const replica of [...fulfillment, ...commissions]) {
      expect((await fetch(`${replica.url}/health/ready`)).status).toBe(200);
      expect(replica.child.exitCode).toBeNull();
    }
    for (const service of ['fulfillment', 'commissions'] as const) {
      const { rows } = await dbs[service].query<{ name: string; count: string }>(
        'SELECT name, count(*) FROM migrations GROUP BY name ORDER BY name');
      expect(rows.length).toBeGreaterThanOrEqual(4); // messaging tables, idempotency keys, delivery failures, the service's schema
      expect(rows.filter((r) => Number(r.count) !== 1)).toEqual([]);
      expect(rows.map((r) => r.name)).toContain(service === 'fulfillment' ? 'FulfillmentSchema1764100000300' : 'CommissionsSchema1764100000400');
      figures[`${service} migrations (each applied once)`] = rows.length;
    }
    expect((await fetch(`${running.platform.gatewayUrl}/health`)).status).toBe(200);
  });

  it(`shares a tier spiff's fan-out and ${SALES} concurrent sales between both replicas of each service`, async () => {
    const { api, admin } = running;
    product = (await api.post('/api/products', {
      name: 'Replica laptop', sku: 'REPL-1', commission_rate: 8, commission_rates: { gold: 10, platinum: 12 },
    }, admin)).body.id;
    await addPartners(PARTNERS_BEFORE, 8);
    // The spiff's set-based fan-out runs while more partners are being approved, on either replica.
    const [created] = await Promise.all([
      api.post('/api/spiffs', {
        name: 'Replica bonus', target_products: [product], assignment_type: 'tier', target_tiers: [...TARGETED],
        // Running today (it ends in 2030), so partners approved after its creation join it too.
        incentive_amount: 5, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2030-12-31',
      }, admin),
      addPartners(PARTNERS_DURING, 4),
    ]);
    expect(created.status).toBe(201);
    spiff = created.body.id;
    const targeted = partners.filter((p) => TARGETED.has(p.tier));
    await expectAssignedExactly(targeted.map((p) => p.id));

    const started = Date.now();
    const batch = await runSales('R1', SALES, targeted, () => undefined);
    const loadSeconds = (Date.now() - started) / 1000;
    outcomes.push(...batch);
    expect(batch.filter((o) => o.status !== 201)).toEqual([]);

    await expectBooksStraight();
    // No relay published a row another relay had claimed: each sale's event reached the broker once.
    await eventually(
      async () => broker.eventsOf<SaleLoggedPayload>(Events.SaleLogged),
      (e) => e.length >= batch.length,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a late double would arrive by now
    const all = broker.eventsOf<SaleLoggedPayload>(Events.SaleLogged);
    expect(all.length).toBe(batch.length);
    expect(new Set(all.map((e) => e.id)).size).toBe(batch.length);
    expect(new Set(all.map((e) => saleIdOf(e))).size).toBe(batch.length);

    // Every inbox row was applied by exactly one replica, and both replicas did part of the work.
    await eventually(async () => {
      const [fi, ci] = await Promise.all([inboxByType(dbs.fulfillment), inboxByType(dbs.commissions)]);
      const [nf1, nf2] = fulfillment.map((r) => consumption(r));
      const [nc1, nc2] = commissions.map((r) => consumption(r));
      return { fi, ci, fl: sumByType(nf1, nf2), cl: sumByType(nc1, nc2) };
    }, ({ fi, ci, fl, cl }) => JSON.stringify(sorted(fi)) === JSON.stringify(sorted(fl)) && JSON.stringify(sorted(ci)) === JSON.stringify(sorted(cl)),
    { timeoutMs: 30_000, intervalMs: 250 });
    const [f1, f2] = fulfillment.map((r) => consumption(r));
    const [c1, c2] = commissions.map((r) => consumption(r));
    const inbox = await inboxByType(dbs.commissions);
    expect(inbox[Events.SaleLogged]).toBe(batch.length);
    for (const part of [f1, f2]) expect(part.processedTotal).toBeGreaterThan(0);
    for (const part of [c1, c2]) expect(part.processed[Events.SaleLogged] ?? 0).toBeGreaterThan(0);
    expect([...f1.ids].filter((id) => f2.ids.has(id))).toEqual([]);
    expect([...c1.ids].filter((id) => c2.ids.has(id))).toEqual([]);
    // Each process's own /metrics counter agrees with its log.
    const metered = await Promise.all([...fulfillment, ...commissions].map((r) => consumedMetric(r)));
    expect(metered).toEqual([f1, f2, c1, c2].map((part) => part.processedTotal + part.duplicates));

    Object.assign(figures, {
      'partners (targeted by the tier spiff)': `${partners.length} (${targeted.length})`,
      'phase 1 sales accepted / requested': `${batch.length} / ${SALES} from ${CLIENTS} clients in ${loadSeconds.toFixed(1)} s`,
      'phase 1 retried requests': batch.filter((o) => o.attempts > 1).length,
      'phase 1 sale.logged published': `${all.length} (distinct ${new Set(all.map((e) => e.id)).size})`,
      'phase 1 fulfillment events applied, replica 1 / 2': `${f1.processedTotal} / ${f2.processedTotal} (${JSON.stringify(f1.processed)} / ${JSON.stringify(f2.processed)})`,
      'phase 1 commissions sale.logged applied, replica 1 / 2': `${c1.processed[Events.SaleLogged] ?? 0} / ${c2.processed[Events.SaleLogged] ?? 0}`,
      'phase 1 duplicates seen by the inbox (fulfillment, commissions)': `${f1.duplicates + f2.duplicates}, ${c1.duplicates + c2.duplicates}`,
      'phase 1 spiffworks_messages_consumed_total, fulfillment 1 / 2, commissions 1 / 2': `${metered[0]} / ${metered[1]}, ${metered[2]} / ${metered[3]}`,
      'phase 1 commissions inbox redeliveries': await countRows(dbs.commissions, 'SELECT coalesce(sum(redeliveries), 0) AS count FROM inbox'),
    });
  }, 900_000);

  it('loses nothing when one replica of each is SIGKILLed mid-load: the other keeps consuming', async () => {
    const targeted = partners.filter((p) => TARGETED.has(p.tier));
    const marks = [...fulfillment, ...commissions].map((r) => r.lines().length);
    let killed!: () => void;
    const killedNow = new Promise<void>((resolve) => (killed = resolve));
    const afterKill: number[] = [];

    let done = 0;
    const sales = runSales('R2', SALES_DURING_KILL, targeted, () => (done += 1));
    const killer = (async () => {
      await eventually(async () => done, (d) => d >= SALES_DURING_KILL / 3, { timeoutMs: 600_000, intervalMs: 100 });
      const exits = await Promise.all([fulfillment[1].stop(true), commissions[1].stop(true)]);
      expect(exits.map((e) => e.signal)).toEqual(['SIGKILL', 'SIGKILL']);
      afterKill.push(fulfillment[0].lines().length, commissions[0].lines().length);
      killed();
    })();
    // Partners approved before and after the kill: fulfillment must assign each of them, whichever replica got the event.
    const churn = (async () => {
      await addPartners(PARTNERS_DURING_KILL / 2, 2);
      await killedNow;
      await addPartners(PARTNERS_DURING_KILL / 2, 2);
    })();
    const [batch] = await Promise.all([sales, killer, churn]);
    outcomes.push(...batch);
    expect(batch.filter((o) => o.status !== 201)).toEqual([]);

    await expectAssignedExactly(partners.filter((p) => TARGETED.has(p.tier)).map((p) => p.id));
    await expectBooksStraight();
    // Every event was applied once, including those the killed replicas held unacknowledged.
    const fulfillmentInbox = await inboxByType(dbs.fulfillment);
    expect(fulfillmentInbox[Events.PartnerApproved]).toBe(partners.length);
    expect(fulfillmentInbox[Events.PartnerRegistered]).toBe(partners.length);
    expect((await inboxByType(dbs.commissions))[Events.SaleLogged]).toBe(outcomes.length);
    // The survivors consumed after the kill.
    const survivorF = consumption(fulfillment[0], afterKill[0]);
    const survivorC = consumption(commissions[0], afterKill[1]);
    expect(survivorF.processed[Events.PartnerApproved] ?? 0).toBeGreaterThan(0);
    expect(survivorC.processed[Events.SaleLogged] ?? 0).toBeGreaterThan(0);

    const phase = [...fulfillment, ...commissions].map((r, i) => consumption(r, marks[i]));
    const published = broker.eventsOf<SaleLoggedPayload>(Events.SaleLogged);
    Object.assign(figures, {
      'phase 2 sales accepted / requested': `${batch.length} / ${SALES_DURING_KILL}`,
      'phase 2 retried requests (ambiguous answers around the kill)': batch.filter((o) => o.attempts > 1).length,
      'phase 2 fulfillment events applied, survivor / killed (before the kill)': `${phase[0].processedTotal} / ${phase[1].processedTotal}`,
      'phase 2 commissions sale.logged applied, survivor / killed (before the kill)':
        `${phase[2].processed[Events.SaleLogged] ?? 0} / ${phase[3].processed[Events.SaleLogged] ?? 0}`,
      'after the kill, survivors applied (fulfillment, commissions)': `${survivorF.processedTotal}, ${survivorC.processedTotal}`,
      'after the kill, redelivered to the survivors (fulfillment, commissions)': `${survivorF.redelivered}, ${survivorC.redelivered}`,
      'after the kill, events the survivors found already applied (fulfillment, commissions)': `${survivorF.duplicates}, ${survivorC.duplicates}`,
      'commissions inbox redeliveries (total)': await countRows(dbs.commissions, 'SELECT coalesce(sum(redeliveries), 0) AS count FROM inbox'),
      'sale.logged published in all / distinct sales': `${published.length} / ${new Set(published.map((e) => saleIdOf(e))).size}`,
      'sales in total (ledger lines)': outcomes.length,
    });
  }, 900_000);

  /** Creates and approves `count` partners (tiers in turn: gold, platinum, silver) through the gateway. */
  async function addPartners(count: number, lanes: number): Promise<void> {
    await mapLimit(Array.from({ length: count }, (_, i) => i), lanes, async () => {
      const tier = TIERS[partners.length % TIERS.length];
      const index = partners.length;
      partners.push({ id: '', tier });
      partners[index].id = (await createPartner(running.api, running.admin, tier, { login: false })).id;
    });
  }

  /** Logs `count` sales from CLIENTS concurrent clients, each retried with its Idempotency-Key until definitive. */
  async function runSales(prefix: string, count: number, sellers: Array<{ id: string }>, onDone: () => void): Promise<SaleOutcome[]> {
    const deadline = Date.now() + 10 * 60_000;
    const result: SaleOutcome[] = [];
    let next = 0;
    const client = async (): Promise<void> => {
      while (next < count) {
        const n = next++;
        result.push(await logSaleUntilDefinitive(running.platform.gatewayUrl, running.admin, {
          partner_id: sellers[n % sellers.length].id, product_id: product, quantity: 1 + (n % 5), unit_price: (1000 + (n % 997)) / 100,
          sale_date: `2025-${String(1 + (n % 12)).padStart(2, '0')}-15`, invoice_number: `${prefix}-${n}`,
        }, deadline));
        onDone();
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    return result;
  }

  /** The spiff's assignments are exactly one per targeted partner. */
  async function expectAssignedExactly(partnerIds: string[]): Promise<void> {
    const assigned = await eventually(
      async () => (await dbs.fulfillment.query<{ partner_id: string }>('SELECT partner_id FROM assignments WHERE spiff_id = $1', [spiff])).rows,
      (rows) => rows.length >= partnerIds.length,
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    expect(assigned.length).toBe(partnerIds.length);
    expect(new Set(assigned.map((r) => r.partner_id))).toEqual(new Set(partnerIds));
  }

  /**
   * Every accepted sale exists once in fulfillment with exactly one ledger line, no outbox row is left
   * unpublished, nothing is dead-lettered, and analytics' totals equal the ledger.
   */
  async function expectBooksStraight(): Promise<void> {
    const accepted = outcomes.filter((o) => o.status === 201);
    const acceptedCents = accepted.reduce((sum, o) => sum + o.revenueCents, 0);
    const sales = (await dbs.fulfillment.query<{ id: string; invoice_number: string }>('SELECT id, invoice_number FROM sales')).rows;
    expect(sales.length).toBe(accepted.length);
    expect(new Set(sales.map((s) => s.invoice_number))).toEqual(new Set(accepted.map((o) => o.invoice)));

    const lines = await eventually(
      async () => (await dbs.commissions.query<{ sale_id: string }>(`SELECT sale_id FROM commission_lines WHERE kind = 'sale'`)).rows,
      (rows) => rows.length >= sales.length,
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(lines.length).toBe(sales.length);
    expect(new Set(lines.map((l) => l.sale_id))).toEqual(new Set(sales.map((s) => s.id)));

    for (const service of ['fulfillment', 'commissions'] as const) {
      await eventually(() => countRows(dbs[service], 'SELECT count(*) FROM outbox WHERE published_at IS NULL'), (n) => n === 0, { timeoutMs: 60_000, intervalMs: 250 });
    }
    const ledger = (await dbs.commissions.query<{ revenue: string; commission: string }>(
      `SELECT sum(revenue) AS revenue, sum(commission_amount + spiff_bonus) AS commission FROM commission_lines WHERE kind = 'sale'`)).rows[0];
    expect(Math.round(Number(ledger.revenue) * 100)).toBe(acceptedCents);
    const totals = await eventually(
      async () => (await dbs.analytics.query<{ total_sales: string; total_revenue: string; total_commission: string }>(
        'SELECT total_sales, total_revenue, total_commission FROM platform_totals')).rows[0],
      (t) => Number(t?.total_sales) === accepted.length && t.total_commission === ledger.commission && t.total_revenue === ledger.revenue,
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(totals.total_revenue).toBe(ledger.revenue);
    expect(totals.total_commission).toBe(ledger.commission);

    const topology = new MessagingTopology(running.config.MESSAGING_NAMESPACE);
    const services = ['fulfillment', 'commissions', 'analytics'] as const;
    const queued = await Promise.all(services.map((s) => broker.messageCount(topology.deadLetterQueue(s))));
    const filed = await Promise.all(services.map((s) => countRows(dbs[s], 'SELECT count(*) FROM delivery_failures WHERE dead_lettered_at IS NOT NULL')));
    expect(queued.map((n, i) => n + filed[i])).toEqual([0, 0, 0]);
    figures['ledger revenue / commission = analytics'] = `${ledger.revenue} / ${ledger.commission} = ${totals.total_revenue} / ${totals.total_commission}`;
  }
});

function saleIdOf(event: EventEnvelope<SaleLoggedPayload>): string {
  return event.payload.sale_id;
}

function sorted(record: Record<string, number>): Array<[string, number]> {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}
