import type { ClientProxy } from '@nestjs/microservices';
import { of } from 'rxjs';
import { Rpc } from '@spiffworks/contracts';
import type { LogSaleCommand, Page, SaleView, ServiceName } from '@spiffworks/contracts';
import type { AuthenticatedUser } from '@spiffworks/auth';
import type { PlatformConfig, PlatformMetrics } from '@spiffworks/runtime';
import { PlatformServices } from './platform-services';

const config = {
  RABBITMQ_URL: 'amqp://127.0.0.1:5672',
  MESSAGING_NAMESPACE: 'platform-services-spec',
  CONSUMER_PREFETCH: 1,
  RPC_TIMEOUT_MS: 1000,
  RPC_DEADLINE_MARGIN_MS: 100,
} as PlatformConfig;
const metrics = { timeRpc: (_target: string, _pattern: string, call: () => Promise<unknown>) => call() } as PlatformMetrics;
const admin = { id: 'u1', email: 'admin@example.com', role: 'admin', partner_id: null } as AuthenticatedUser;
const sale: LogSaleCommand = { partner_id: 'p', product_id: 'x', quantity: 2, unit_price: 1000, sale_date: '2025-01-15' };

/** Replaces each service's client by one that records the pattern it was sent and answers `reply`. */
function answering(services: PlatformServices, reply: unknown): Array<[ServiceName, string]> {
  const sent: Array<[ServiceName, string]> = [];
  const clients = (services as unknown as { clients: Map<ServiceName, ClientProxy> }).clients;
  for (const service of clients.keys()) {
    clients.set(service, { send: (pattern: string) => (sent.push([service, pattern]), of(reply)) } as unknown as ClientProxy);
  }
  return sent;
}

describe('PlatformServices', () => {
  it('sends a pattern to the service that answers it', async () => {
    const services = new PlatformServices(config, metrics);
    const sent = answering(services, { id: 's1' });
    await services.create(Rpc.fulfillment.LogSale, sale, admin, undefined);
    await services.call(Rpc.commissions.Approve, { ids: ['c1'] }, admin);
    await services.call(Rpc.partners.VerifyCredentials, { email: 'a@example.com', password: 'secret' });
    expect(sent).toEqual([
      ['fulfillment', Rpc.fulfillment.LogSale],
      ['commissions', Rpc.commissions.Approve],
      ['partners', Rpc.partners.VerifyCredentials],
    ]);
  });

  /* The `@ts-expect-error` lines are the type test: `npm run typecheck` fails when one compiles. */
  it('types the body by the command and the answer by the reply of the pattern', async () => {
    const services = new PlatformServices(config, metrics);
    answering(services, { id: 's1' });
    const logged: SaleView = await services.create(Rpc.fulfillment.LogSale, sale, admin, undefined);
    expect(() =>
      // @ts-expect-error the service is read from the pattern, never named again
      services.create('fulfillment', Rpc.fulfillment.LogSale, sale, admin, undefined),
    ).toThrow('no service answers fulfillment');
    // @ts-expect-error a quantity is a number
    await services.create(Rpc.fulfillment.LogSale, { ...sale, quantity: '2' }, admin, undefined);
    // @ts-expect-error logging a sale answers a sale, not a page of them
    const page: Page<SaleView> = await services.create(Rpc.fulfillment.LogSale, sale, admin, undefined);
    expect([logged, page]).toEqual([{ id: 's1' }, { id: 's1' }]);
  });
});
