import type { Pool } from 'pg';
import { countRows, eventually, openServiceDb } from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';

/**
 * A command answered 503 is never carried out later: a sale sent while fulfillment is
 * frozen (SIGSTOP, not killed: the request is already in the frozen process's socket, so only the
 * deadline it carries can stop it) answers 503, and once the process resumes it drops the expired
 * request instead of recording the sale; the client's retry records it exactly once.
 */
describe('RPC deadlines: a request answered 503 is dropped, not executed later', () => {
  const RPC_TIMEOUT_MS = 2000;
  let running: RunningPlatform;
  let fulfillmentDb: Pool;
  let partner: CreatedPartner;
  let laptop: string;

  beforeAll(async () => {
    running = await startPlatform({ RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS), LOG_LEVEL: 'warn' });
    const { api, admin, config } = running;
    fulfillmentDb = openServiceDb(config, 'fulfillment');
    laptop = (await api.post('/api/products', { name: 'Laptop', sku: 'DEADLINE-LAPTOP', commission_rate: 10 }, admin)).body.id;
    partner = await createPartner(api, admin, 'gold');
    await eventually(async () => (await api.post('/api/fulfillment/assignments', {
      partner_id: partner.id, product_ids: [laptop], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
    }, admin)).status, (status) => status === 201);
  });

  afterAll(async () => {
    await fulfillmentDb?.end();
    await stopPlatform(running);
  });

  const sale = (invoice: string) => ({ partner_id: partner.id, product_id: laptop, quantity: 1, unit_price: 500, sale_date: '2025-02-01', invoice_number: invoice });
  const salesWithInvoice = (invoice: string): Promise<number> =>
    countRows(fulfillmentDb, 'SELECT count(*) FROM sales WHERE partner_id = $1 AND invoice_number = $2', [partner.id, invoice]);
  const expiredCount = async (): Promise<number> => {
    const text = await (await fetch(`${running.platform.url('fulfillment')}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('spiffworks_rpc_requests_expired_total{') && l.includes('pattern="sales.log"'));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  it('answers 503 while fulfillment is frozen, drops the sale when it resumes, and records the retry exactly once', async () => {
    const { api, platform } = running;
    const pid = platform.pid('fulfillment') as number;
    expect(await expiredCount()).toBe(0);

    process.kill(pid, 'SIGSTOP');
    let timedOut;
    try {
      timedOut = await api.post('/api/fulfillment/sales', sale('INV-FROZEN'), partner.token);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(timedOut).toMatchObject({ status: 503 });

    // A sale logged after the resume is answered by the same process, which read the expired
    // request off its socket first: once this one is recorded, the first would have been too.
    const later = await api.post('/api/fulfillment/sales', sale('INV-AFTER'), partner.token);
    expect(later).toMatchObject({ status: 201, body: { invoice_number: 'INV-AFTER' } });
    expect(await salesWithInvoice('INV-FROZEN')).toBe(0);
    const mine = await api.get('/api/fulfillment/sales/my-sales', partner.token);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((s: { invoice_number: string }) => s.invoice_number)).toEqual(['INV-AFTER']);
    // Dropped by the deadline check, counted and logged.
    expect(await eventually(expiredCount, (n) => n === 1)).toBe(1);
    const dropped = await eventually(
      async () => platform.logs('fulfillment').split('\n').find((line) => line.includes("rpc sales.log expired: past its caller's deadline, nothing done")),
      (line) => line !== undefined,
    );
    expect(JSON.parse(dropped as string)).toMatchObject({ level: 'warn', pattern: 'sales.log', outcome: 'expired', status: 503 });

    // The client retries the 503: recorded once; a second retry finds the invoice used.
    const retry = await api.post('/api/fulfillment/sales', sale('INV-FROZEN'), partner.token);
    expect(retry).toMatchObject({ status: 201, body: { invoice_number: 'INV-FROZEN' } });
    expect((await api.post('/api/fulfillment/sales', sale('INV-FROZEN'), partner.token)).status).toBe(409);
    expect(await salesWithInvoice('INV-FROZEN')).toBe(1);
  });
});
