import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ErrorCode, Rpc } from '@spiffworks/contracts';
import type { AccountAccessView, ListCommissionsQuery, Page, RpcRequest, UserRole } from '@spiffworks/contracts';
import { claimsFor } from '@spiffworks/auth';
import { MessagingTopology, rpcServerOptions } from '@spiffworks/messaging';
import type { PlatformConfig } from '@spiffworks/runtime';
import { GatewayClient, isolatedConfig, removeNamespace } from '@spiffworks/testing';
import { createGatewayApp } from '../main';

/** Every account is active (the partners service's answer the guard needs). */
@Controller()
class EveryAccountActive {
  @MessagePattern(Rpc.partners.AccountAccess)
  access(@Payload() request: RpcRequest<{ user_id: string }>): AccountAccessView {
    return { user_id: request.body.user_id, allowed: true, reason: null };
  }
}
@Module({ controllers: [EveryAccountActive] })
class AccountAccessStubModule {}

/** Stands in for the commissions service's list: records what the gateway asked for. */
const asked: Array<ListCommissionsQuery> = [];
@Controller()
class LedgerList {
  @MessagePattern(Rpc.commissions.List)
  list(@Payload() request: RpcRequest<ListCommissionsQuery>): Page<unknown> {
    asked.push(request.body);
    return { items: [], total: 0, page: request.body.page, page_size: request.body.page_size };
  }
}
@Module({ controllers: [LedgerList] })
class LedgerStubModule {}

/** GET /api/commissions/my-commissions: a partner reads its own ledger lines, the partner taken from the token. */
describe('gateway: a partner reads its own ledger lines', () => {
  let config: PlatformConfig;
  let app: INestApplication;
  const services: INestMicroservice[] = [];
  let http: GatewayClient;
  const partnerId = randomUUID();

  const token = (role: UserRole, partner_id: string | null = null): Promise<string> =>
    new JwtService({ secret: config.JWT_SECRET }).signAsync({ ...claimsFor({ id: randomUUID(), email: 'u@example.com', role, partner_id }) });

  beforeAll(async () => {
    config = isolatedConfig();
    const topology = new MessagingTopology(config.MESSAGING_NAMESPACE);
    for (const [module, service] of [[AccountAccessStubModule, 'partners'], [LedgerStubModule, 'commissions']] as const) {
      const rpc = rpcServerOptions({ url: config.RABBITMQ_URL, topology, prefetch: 10 }, service);
      const server = await NestFactory.createMicroservice(module, { ...rpc, options: { ...rpc.options, noAck: true }, logger: false });
      await server.listen();
      services.push(server);
    }
    app = await createGatewayApp(config);
    await app.listen(0);
    http = new GatewayClient((await app.getUrl()).replace('[::1]', '127.0.0.1'));
  });

  afterAll(async () => {
    await app?.close();
    for (const server of services) await server.close();
    await removeNamespace(config);
  });

  it("asks the ledger for the token's partner only, with the status and page given", async () => {
    asked.length = 0;
    const result = await http.get('/api/commissions/my-commissions?status=pending&page=2&page_size=10', await token('partner', partnerId));
    expect(result).toMatchObject({ status: 200, body: { items: [], total: 0, page: 2, page_size: 10 } });
    expect(asked).toEqual([expect.objectContaining({ partner_id: partnerId, status: 'pending', page: 2, page_size: 10 })]);
  });

  it("refuses a partner_id in the query: a partner cannot name another partner", async () => {
    asked.length = 0;
    const result = await http.get(`/api/commissions/my-commissions?partner_id=${randomUUID()}`, await token('partner', partnerId));
    expect(result).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'partner_id' }] } });
    expect(asked).toEqual([]);
  });

  it('is for partners only, and validates the status', async () => {
    for (const role of ['admin', 'analyst'] as const) {
      expect((await http.get('/api/commissions/my-commissions', await token(role))).status).toBe(403);
    }
    expect((await http.get('/api/commissions/my-commissions')).status).toBe(401);
    const bad = await http.get('/api/commissions/my-commissions?status=owed', await token('partner', partnerId));
    expect(bad).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'status' }] } });
    // The admin's own list is still the admin's.
    expect((await http.get('/api/commissions', await token('partner', partnerId))).status).toBe(403);
  });
});
