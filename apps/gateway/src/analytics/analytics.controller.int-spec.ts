import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ErrorCode, Rpc } from '@spiffworks/contracts';
import type { AccountAccessView, RpcRequest, UserRole } from '@spiffworks/contracts';
import { claimsFor } from '@spiffworks/auth';
import { MessagingTopology, rpcServerOptions } from '@spiffworks/messaging';
import type { PlatformConfig } from '@spiffworks/runtime';
import { GatewayClient, isolatedConfig, removeNamespace } from '@spiffworks/testing';
import { createGatewayApp } from '../main';

/** Stands in for the partners service's one answer the gateway's guard needs: every account is active. */
@Controller()
class EveryAccountActive {
  @MessagePattern(Rpc.partners.AccountAccess)
  access(@Payload() request: RpcRequest<{ user_id: string }>): AccountAccessView {
    return { user_id: request.body.user_id, allowed: true, reason: null };
  }
}

@Module({ controllers: [EveryAccountActive] })
class AccountAccessStubModule {}

/**
 * The gateway's analytics routes up to the RPC call: roles, a partner's own data only, and query
 * validation. (Answers from the analytics service are covered by apps/analytics and the e2e suite.)
 */
describe('gateway analytics routes: access and validation', () => {
  let config: PlatformConfig;
  let app: INestApplication;
  let accounts: INestMicroservice;
  let http: GatewayClient;
  const partnerId = randomUUID();

  const token = (role: UserRole, partner_id: string | null = null): Promise<string> =>
    new JwtService({ secret: config.JWT_SECRET }).signAsync({ ...claimsFor({ id: randomUUID(), email: 'u@example.com', role, partner_id }) });

  beforeAll(async () => {
    config = isolatedConfig();
    const rpc = rpcServerOptions({ url: config.RABBITMQ_URL, topology: new MessagingTopology(config.MESSAGING_NAMESPACE), prefetch: 10 }, 'partners');
    accounts = await NestFactory.createMicroservice(AccountAccessStubModule, { ...rpc, options: { ...rpc.options, noAck: true }, logger: false });
    await accounts.listen();
    app = await createGatewayApp(config);
    await app.listen(0);
    http = new GatewayClient((await app.getUrl()).replace('[::1]', '127.0.0.1'));
  });

  afterAll(async () => {
    await app?.close();
    await accounts?.close();
    await removeNamespace(config);
  });

  it('lets a partner ask only for its own metrics, on both paths', async () => {
    const partner = await token('partner', partnerId);
    for (const path of ['/api/fulfillment/analytics/partner', '/api/analytics/partners']) {
      const other = await http.get(`${path}/${randomUUID()}`, partner);
      expect(other).toMatchObject({ status: 403, body: { code: ErrorCode.NOT_YOUR_PARTNER, message: 'a partner may only see its own analytics' } });
      expect(await http.get(`${path}/not-a-uuid`, partner)).toMatchObject({
        status: 400, body: { code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'id', reason: 'must be a UUID' }] },
      });
    }
  });

  it('keeps the overview, spiff and time series to admins and analysts', async () => {
    const partner = await token('partner', partnerId);
    for (const path of ['/api/analytics/overview', '/api/fulfillment/analytics/overview', `/api/analytics/spiffs/${randomUUID()}`,
      '/api/analytics/timeseries?metric=sales&interval=day&from=2025-01-01&to=2025-01-31', '/api/analytics/dimensions?kind=partner']) {
      expect((await http.get(path, partner)).status).toBe(403);
    }
    expect((await http.get('/api/analytics/overview')).status).toBe(401);
  });

  it.each<[string, string, string]>([
    ['to before from', 'metric=sales&interval=day&from=2025-02-01&to=2025-01-01', 'to'],
    ['a range over 3660 days', 'metric=sales&interval=day&from=2000-01-01&to=2025-01-01', 'to'],
    ['an unknown metric', 'metric=profit&interval=day&from=2025-01-01&to=2025-01-31', 'metric'],
    ['an unknown interval', 'metric=sales&interval=year&from=2025-01-01&to=2025-01-31', 'interval'],
    ['a date that does not exist', 'metric=sales&interval=day&from=2025-02-30&to=2025-03-31', 'from'],
    ['an unknown tier', 'metric=sales&interval=day&from=2025-01-01&to=2025-01-31&tier=diamond', 'tier'],
    ['a partner id that is not a uuid', 'metric=sales&interval=day&from=2025-01-01&to=2025-01-31&partner_id=7', 'partner_id'],
    ['an unknown parameter', 'metric=sales&interval=day&from=2025-01-01&to=2025-01-31&region=emea', 'region'],
  ])('answers 400 naming the field for %s', async (_, query, field) => {
    const result = await http.get(`/api/analytics/timeseries?${query}`, await token('analyst'));
    expect(result.status).toBe(400);
    expect(result.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it.each<[string, string, string]>([
    ['no kind', 'search=x', 'kind'],
    ['an unknown kind', 'kind=region', 'kind'],
    ['a search over 100 characters', `kind=partner&search=${'x'.repeat(101)}`, 'search'],
    ['a limit over 50', 'kind=partner&limit=51', 'limit'],
    ['a limit that is not a number', 'kind=partner&limit=ten', 'limit'],
  ])('answers 400 naming the field for dimensions with %s', async (_, query, field) => {
    const result = await http.get(`/api/analytics/dimensions?${query}`, await token('analyst'));
    expect(result.status).toBe(400);
    expect(result.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
