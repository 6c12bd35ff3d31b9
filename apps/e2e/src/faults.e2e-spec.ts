import { randomBytes, randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { ErrorCode, Events } from '@spiffworks/contracts';
import type { EventEnvelope, SaleLoggedPayload } from '@spiffworks/contracts';
import { DELIVERY_LIMIT } from '@spiffworks/messaging';
import type { PlatformConfig } from '@spiffworks/runtime';
import {
  GatewayClient, PLATFORM_SERVICES, PlatformProcesses, TestBroker, countRows, eventually, isolatedConfig, openServiceDb, removeNamespace,
} from '@spiffworks/testing';
import type { Pool } from 'pg';
import { E2E_ADMIN } from './support';

/** A login as from `address` (X-Forwarded-For: the gateway trusts 127.0.0.1 as a proxy here). */
async function loginFrom(
  gatewayUrl: string, address: string | undefined, email: string, password: string,
): Promise<{ status: number; retryAfter: string | null; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (address) headers['x-forwarded-for'] = address;
  const response = await fetch(`${gatewayUrl}/api/auth/login`, { method: 'POST', headers, body: JSON.stringify({ email, password }) });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

/**
 * Faults: poison events dead-letter with their error and can be replayed; SIGTERM drains
 * in-flight work and exits 0; login is rate-limited; expired tokens are refused; secrets stay out
 * of every service's logs.
 */
describe('faults: dead letters, graceful shutdown, login limits, secrets in logs', () => {
  let config: PlatformConfig;
  let platform: PlatformProcesses;
  let api: GatewayClient;
  let admin: string;
  let broker: TestBroker;
  let commissionsDb: Pool;

  beforeAll(async () => {
    config = isolatedConfig({
      ADMIN_EMAIL: E2E_ADMIN.email, ADMIN_PASSWORD: E2E_ADMIN.password, LOG_LEVEL: 'debug', LOGIN_RATE_LIMIT: '5',
      // The tests are the proxy: X-Forwarded-For from 127.0.0.1 names the client's address.
      TRUST_PROXY: 'loopback', LOGIN_RATE_LIMIT_PER_ACCOUNT: '12',
    });
    platform = new PlatformProcesses(config);
    await platform.start();
    api = new GatewayClient(platform.gatewayUrl);
    admin = await api.login(E2E_ADMIN.email, E2E_ADMIN.password);
    broker = await TestBroker.open(config);
    commissionsDb = openServiceDb(config, 'commissions');
  });

  afterAll(async () => {
    await commissionsDb?.end();
    await broker?.close();
    await platform?.stop();
    if (config) await removeNamespace(config);
  });

  function saleLogged(saleId = randomUUID()): EventEnvelope<SaleLoggedPayload> {
    return broker.envelope<SaleLoggedPayload>(Events.SaleLogged, {
      sale_id: saleId, partner_id: randomUUID(), partner_name: 'Poison Partner', tier: 'gold',
      product_id: randomUUID(), product_name: 'Laptop', quantity: 1, unit_price: '100.00', revenue: '100.00',
      sale_date: '2025-01-15', invoice_number: null, commission_rate: '10', spiff_candidates: [], assignment_ids: [],
      logged_by: randomUUID(), logged_at: new Date().toISOString(),
    }, 'fulfillment');
  }

  const linesFor = (saleId: string): Promise<number> =>
    countRows(commissionsDb, `SELECT count(*) FROM commission_lines WHERE sale_id = $1`, [saleId]);

  it('dead-letters a poison event with its error after bounded retries, lists it, and replays it once fixed', async () => {
    const poison = saleLogged();
    const saleId = poison.payload.sale_id;
    // The cause: the ledger refuses this sale until the trigger is dropped (a non-transient error).
    await commissionsDb.query(`
      CREATE FUNCTION swt_refuse_sale() RETURNS trigger AS $$
      BEGIN IF NEW.sale_id = '${saleId}' THEN RAISE EXCEPTION 'ledger refuses sale ${saleId}'; END IF; RETURN NEW; END $$
      LANGUAGE plpgsql`);
    await commissionsDb.query(`CREATE TRIGGER swt_refuse_sale BEFORE INSERT ON commission_lines FOR EACH ROW EXECUTE FUNCTION swt_refuse_sale()`);
    broker.publish(poison);

    const listed = await eventually(
      () => api.get('/api/admin/dead-letters', admin),
      (r) => r.status === 200 && r.body.items.some((d: { id: string }) => d.id === poison.id),
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(listed.body.unavailable_services).toEqual([]);
    const dead = listed.body.items.find((d: { id: string }) => d.id === poison.id);
    expect(dead).toMatchObject({
      service: 'commissions', event_type: Events.SaleLogged, payload: { id: poison.id, payload: { sale_id: saleId } },
    });
    expect(dead.error).toContain(`ledger refuses sale ${saleId}`);
    expect(dead.attempts).toBeGreaterThanOrEqual(DELIVERY_LIMIT);
    expect(Date.parse(dead.first_failed_at)).toBeLessThanOrEqual(Date.parse(dead.last_failed_at));
    // Retries are bounded: once dead it is not tried again, and nothing was booked.
    expect(await broker.messageCount(broker.topology.eventQueue('commissions'))).toBe(0);
    expect(await linesFor(saleId)).toBe(0);

    // Admins only.
    expect((await api.get('/api/admin/dead-letters')).status).toBe(401);

    // Fix the cause, replay: booked exactly once, and gone from the dead letters.
    await commissionsDb.query('DROP TRIGGER swt_refuse_sale ON commission_lines');
    const replay = await api.post(`/api/admin/dead-letters/${poison.id}/replay?service=commissions`, {}, admin);
    expect(replay).toMatchObject({ status: 200, body: { id: poison.id, replayed_in: ['commissions'] } });
    await eventually(() => linesFor(saleId), (n) => n === 1, { timeoutMs: 30_000 });
    const after = await api.get('/api/admin/dead-letters?service=commissions', admin);
    expect(after.body.items.map((d: { id: string }) => d.id)).not.toContain(poison.id);

    // Replaying it again, or an id that never was a dead letter: 404.
    expect((await api.post(`/api/admin/dead-letters/${poison.id}/replay`, {}, admin)).status).toBe(404);
    expect((await api.post(`/api/admin/dead-letters/${randomUUID()}/replay`, {}, admin)).status).toBe(404);
    expect(await linesFor(saleId)).toBe(1);
  });

  it('on SIGTERM stops consuming, finishes in-flight events, flushes the outbox and exits 0; nothing lost or doubled', async () => {
    const events = Array.from({ length: 400 }, () => saleLogged());
    const ids = events.map((e) => e.payload.sale_id);
    for (const event of events) broker.publish(event);
    const count = (): Promise<number> =>
      countRows(commissionsDb, `SELECT count(*) FROM commission_lines WHERE sale_id = ANY($1::uuid[])`, [ids]);
    await eventually(count, (n) => n > 0, { timeoutMs: 30_000, intervalMs: 10 });

    const exit = await platform.stopService('commissions');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(platform.logs('commissions')).toContain('stopped');
    expect(platform.logs('commissions')).not.toContain('did not finish in time');
    // The relay flushed before the connections closed: no event of the ledger is left unsent.
    expect(await countRows(commissionsDb, 'SELECT count(*) FROM outbox WHERE published_at IS NULL')).toBe(0);

    await platform.startService('commissions');
    await eventually(count, (n) => n === ids.length, { timeoutMs: 60_000, intervalMs: 250 });
    expect(await countRows(commissionsDb, `SELECT count(DISTINCT sale_id) FROM commission_lines WHERE sale_id = ANY($1::uuid[])`, [ids])).toBe(ids.length);
    expect(await count()).toBe(ids.length);
  });

  it('limits failures per client address: 25 different emails from one address meet 429s', async () => {
    const address = '203.0.113.25';
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      statuses.push((await loginFrom(platform.gatewayUrl, address, `spray-${i}-${randomBytes(3).toString('hex')}@example.com`, 'Wr0ng-spray')).status);
    }
    // LOGIN_RATE_LIMIT_PER_ADDRESS (20): the 21st failure from the address is refused, whatever the email.
    expect(statuses).toEqual([...Array(20).fill(401), ...Array(5).fill(429)]);
    // Refused before the password is checked, so even a right one learns nothing from there ...
    const blocked = await loginFrom(platform.gatewayUrl, address, E2E_ADMIN.email, E2E_ADMIN.password);
    expect(blocked).toMatchObject({ status: 429, body: { code: 'TOO_MANY_LOGIN_ATTEMPTS' } });
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    // ... and every other address still signs in.
    expect((await loginFrom(platform.gatewayUrl, '192.0.2.200', E2E_ADMIN.email, E2E_ADMIN.password)).status).toBe(200);
  });

  it("does not let an attacker lock the admin out: failures on her account from other addresses leave her own address open", async () => {
    const her = '192.0.2.10';
    const attempt = (address: string, password = 'Wr0ng-guess') => loginFrom(platform.gatewayUrl, address, E2E_ADMIN.email, password);
    for (let i = 0; i < 5; i += 1) expect((await attempt('198.51.100.7')).status).toBe(401);
    // The attacker's address is done with this account, even with the right password ...
    expect((await attempt('198.51.100.7', E2E_ADMIN.password)).status).toBe(429);
    // ... the admin, from her address, is not.
    expect((await attempt(her, E2E_ADMIN.password)).status).toBe(200);
    // Spread over more addresses, the attacker reaches the account's ceiling (LOGIN_RATE_LIMIT_PER_ACCOUNT, 12):
    for (let i = 0; i < 5; i += 1) expect((await attempt('198.51.100.8')).status).toBe(401);
    for (let i = 0; i < 2; i += 1) expect((await attempt('198.51.100.9')).status).toBe(401);
    expect((await attempt('198.51.100.10')).status).toBe(429);
    // It does not hold where the account signed in before: her address, and the one beforeAll used.
    expect((await attempt(her, E2E_ADMIN.password)).status).toBe(200);
    expect((await loginFrom(platform.gatewayUrl, undefined, E2E_ADMIN.email, E2E_ADMIN.password)).status).toBe(200);
  });

  it('shares the login limits between gateway processes (Redis)', async () => {
    const second = await platform.startReplica('gateway');
    try {
      const address = '203.0.113.77';
      const email = `shared-${randomBytes(4).toString('hex')}@example.com`;
      const gateways = [platform.gatewayUrl, second.url, platform.gatewayUrl, second.url, platform.gatewayUrl];
      for (const url of gateways) expect((await loginFrom(url, address, email, 'Wr0ng-shared')).status).toBe(401);
      // Five failures in all (LOGIN_RATE_LIMIT), three on one process and two on the other: both refuse the sixth.
      for (const url of [second.url, platform.gatewayUrl]) {
        expect((await loginFrom(url, address, email, 'Wr0ng-shared')).status).toBe(429);
      }
    } finally {
      await second.stop();
    }
  });

  it('refuses an expired token with 401', async () => {
    const expired = await new JwtService({ secret: config.JWT_SECRET }).signAsync({
      sub: randomUUID(), email: E2E_ADMIN.email, role: 'admin', partner_id: null, exp: Math.floor(Date.now() / 1000) - 5,
    });
    const answer = await api.get('/api/partners', expired);
    expect(answer).toMatchObject({ status: 401, body: { code: ErrorCode.UNAUTHENTICATED, message: 'the token is invalid or expired' } });
    expect((await api.get('/api/partners', admin)).status).toBe(200);
  });

  it('rate-limits login per IP and email with a 429, and keeps passwords and tokens out of every log', async () => {
    const wrongPassword = `Wr0ng-${randomBytes(8).toString('hex')}`;
    const email = `guess-${randomBytes(4).toString('hex')}@example.com`;
    for (let i = 0; i < 5; i += 1) {
      expect((await api.post('/api/auth/login', { email, password: wrongPassword })).status).toBe(401);
    }
    const limited = await loginFrom(platform.gatewayUrl, undefined, email.toUpperCase(), wrongPassword);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'TOO_MANY_LOGIN_ATTEMPTS' });
    expect(limited.body.message).toMatch(/too many login attempts; try again in \d+ seconds?/);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    // Another email from the same address has its own budget.
    expect((await api.post('/api/auth/login', { email: 'someone-else@example.com', password: wrongPassword })).status).toBe(401);

    // A request carrying a token, and one carrying a forged token.
    expect((await api.get('/api/partners', admin)).status).toBe(200);
    const forged = `${admin.slice(0, -6)}AAAAAA`;
    expect((await api.get('/api/partners', forged)).status).toBe(401);

    for (const service of PLATFORM_SERVICES) {
      const logs = platform.logs(service);
      expect(logs).not.toContain(wrongPassword);
      expect(logs).not.toContain(E2E_ADMIN.password);
      expect(logs).not.toContain(admin);
      expect(logs).not.toContain(forged);
    }
  });
});
