import type { PlatformService } from '@spiffworks/testing';
import { MessagingTopology } from '@spiffworks/messaging';
import { PrivatePostgres, PrivateRabbitNode, TestBroker, countRows, eventually, openServiceDb } from '@spiffworks/testing';
import { createPartner, mapLimit, startPlatform, stopPlatform } from '../support';
import type { RunningPlatform } from '../support';
import { logSaleUntilDefinitive } from './chaos-client';
import type { SaleOutcome } from './chaos-client';

const SALES = Number(process.env.CHAOS_SALES ?? 10_000);
const CLIENTS = Number(process.env.CHAOS_CLIENTS ?? 16);
const PARTNERS = 40;
/** One in this many requests is invalid on purpose (a future sale date): it must leave nothing behind. */
const INVALID_EVERY = 20;
const VICTIMS: PlatformService[] = process.env.CHAOS_KILLS === '0' ? []
  : ['commissions', 'analytics', 'fulfillment', 'commissions', 'analytics', 'fulfillment'];

/**
 * The platform runs against a PostgreSQL server and a RabbitMQ node of this test's own (temp dirs, free
 * ports): those are what it restarts, never the machine's, and both are removed afterwards.
 */
describe('chaos: sales keep their books straight while services are killed and the broker and database restart', () => {
  let postgres: PrivatePostgres | undefined;
  let rabbit: PrivateRabbitNode | undefined;
  let running: RunningPlatform;
  const figures: Record<string, string | number> = {};

  beforeAll(async () => {
    [postgres, rabbit] = await Promise.all([PrivatePostgres.start(), PrivateRabbitNode.start()]);
    running = await startPlatform({
      ...postgres.settings, RABBITMQ_URL: rabbit.url, RPC_TIMEOUT_MS: '5000', COMMISSION_RPC_TIMEOUT_MS: '1000', LOG_LEVEL: 'fatal',
    });
  }, 5 * 60_000);
  afterAll(async () => {
    console.log(`chaos figures:\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
    await stopPlatform(running);
    await Promise.all([postgres?.remove(), rabbit?.remove()]);
  }, 5 * 60_000);

  it(`logs ${SALES} sales from ${CLIENTS} clients through kills and a broker restart, and nothing is lost or doubled`, async () => {
    const { api, admin, platform, config } = running;
    const product = (await api.post('/api/products', { name: 'Chaos laptop', sku: 'CHAOS-1', commission_rate: 7.5 }, admin)).body.id;
    const partners = await mapLimit(Array.from({ length: PARTNERS }, (_, i) => i), 8, () => createPartner(api, admin, 'gold', { login: false }));
    await api.post('/api/spiffs', {
      name: 'Chaos bonus', target_products: [product], assignment_type: 'tier', target_tiers: ['gold'],
      incentive_amount: 3.33, incentive_type: 'percentage', start_date: '2025-01-01', end_date: '2025-12-31',
    }, admin);
    await eventually(
      async () => (await api.get('/api/fulfillment/assignments?page_size=1', admin)).body.total,
      (total) => total === PARTNERS,
      { timeoutMs: 60_000 },
    );

    const started = Date.now();
    const deadline = started + 20 * 60_000;
    let next = 0;
    let done = 0;
    const outcomes: SaleOutcome[] = [];
    const client = async (): Promise<void> => {
      while (next < SALES) {
        const n = next++;
        const invalid = n % INVALID_EVERY === INVALID_EVERY - 1;
        const partner = partners[n % PARTNERS];
        outcomes.push(await logSaleUntilDefinitive(platform.gatewayUrl, admin, {
          partner_id: partner.id, product_id: product, quantity: 1 + (n % 5), unit_price: (1000 + (n % 997)) / 100,
          sale_date: invalid ? '2999-01-01' : `2025-${String(1 + (n % 12)).padStart(2, '0')}-15`, invoice_number: `CHAOS-${n}`,
        }, deadline));
        done += 1;
      }
    };

    let kills = 0;
    let brokerRestarts = 0;
    let databaseRestarts = 0;
    const chaos = async (): Promise<void> => {
      for (const [i, victim] of VICTIMS.entries()) {
        await eventually(async () => done, (d) => d >= ((i + 1) * SALES) / (VICTIMS.length + 2), { timeoutMs: 15 * 60_000, intervalMs: 200 });
        await platform.stopService(victim, true);
        kills += 1;
        await platform.startService(victim);
        if (i === 2 && process.env.CHAOS_BROKER_RESTART !== '0') {
          await rabbit!.restartApp();
          brokerRestarts += 1;
        }
        if (i === 4 && process.env.CHAOS_DATABASE_RESTART !== '0') {
          await postgres!.restart();
          databaseRestarts += 1;
        }
      }
    };
    await Promise.all([...Array.from({ length: CLIENTS }, client), chaos()]);
    const loadSeconds = (Date.now() - started) / 1000;

    const accepted = outcomes.filter((o) => o.status === 201);
    const rejected = outcomes.filter((o) => o.status !== 201);
    expect(rejected.every((o) => o.status === 400)).toBe(true);
    expect(accepted.length).toBeGreaterThanOrEqual(SALES - Math.ceil(SALES / INVALID_EVERY));
    const acceptedCents = accepted.reduce((sum, o) => sum + o.revenueCents, 0);

    const fulfillment = openServiceDb(config, 'fulfillment');
    const commissions = openServiceDb(config, 'commissions');
    const analytics = openServiceDb(config, 'analytics');
    const broker = await TestBroker.open(config);
    try {
      const salesInDb = await fulfillment.query<{ invoice_number: string }>(`SELECT invoice_number FROM sales WHERE invoice_number LIKE 'CHAOS-%'`);
      const stored = new Set(salesInDb.rows.map((r) => r.invoice_number));
      expect(salesInDb.rows.length).toBe(accepted.length);
      expect(accepted.every((o) => stored.has(o.invoice))).toBe(true);
      expect(rejected.some((o) => stored.has(o.invoice))).toBe(false);

      await eventually(() => countRows(commissions, `SELECT count(*) FROM commission_lines WHERE kind = 'sale'`), (n) => n === accepted.length, { timeoutMs: 120_000, intervalMs: 500 });
      const perSale = await commissions.query(`SELECT sale_id, count(*) FROM commission_lines WHERE kind = 'sale' GROUP BY sale_id HAVING count(*) > 1`);
      expect(perSale.rows).toEqual([]);
      const ledger = (await commissions.query<{ revenue: string; commission: string }>(
        `SELECT sum(revenue) AS revenue, sum(commission_amount + spiff_bonus) AS commission FROM commission_lines WHERE kind = 'sale'`)).rows[0];
      expect(Math.round(Number(ledger.revenue) * 100)).toBe(acceptedCents);

      const totals = await eventually(
        async () => (await analytics.query<{ total_sales: string; total_revenue: string; total_commission: string }>('SELECT total_sales, total_revenue, total_commission FROM platform_totals')).rows[0],
        (t) => Number(t.total_sales) === accepted.length && t.total_commission === ledger.commission,
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      expect(totals.total_revenue).toBe(ledger.revenue);
      expect(totals.total_commission).toBe(ledger.commission);

      // Dead letters sit in the broker's dead-letter queue until their service files them in delivery_failures.
      const topology = new MessagingTopology(config.MESSAGING_NAMESPACE);
      const queued = await Promise.all((['fulfillment', 'commissions', 'analytics'] as const).map((s) => broker.messageCount(topology.deadLetterQueue(s))));
      const filed = await Promise.all([fulfillment, commissions, analytics].map((db) => countRows(db, 'SELECT count(*) FROM delivery_failures WHERE dead_lettered_at IS NOT NULL')));
      const deadLetters = queued.map((n, i) => n + filed[i]);
      expect(deadLetters).toEqual([0, 0, 0]);

      Object.assign(figures, {
        'sales requested': SALES,
        'sales accepted (201)': accepted.length,
        'sales rejected (400, on purpose)': rejected.length,
        'retried requests': outcomes.filter((o) => o.attempts > 1).length,
        'SIGKILLs (commissions, analytics, fulfillment)': kills,
        'RabbitMQ restarts': brokerRestarts,
        'PostgreSQL restarts': databaseRestarts,
        'load seconds': loadSeconds.toFixed(1),
        'accepted revenue': (acceptedCents / 100).toFixed(2),
        'ledger revenue / commission': `${ledger.revenue} / ${ledger.commission}`,
        'analytics revenue / commission': `${totals.total_revenue} / ${totals.total_commission}`,
        'dead letters': deadLetters.join(' + '),
      });
    } finally {
      await broker.close();
      await Promise.all([fulfillment.end(), commissions.end(), analytics.end()]);
    }
  }, 30 * 60_000);
});
