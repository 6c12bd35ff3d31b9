import { Events } from './events';
import type { EventPayloads, EventType } from './events';
import { Rpc, SERVICES } from './rpc';
import type { RpcCommand, RpcContract, RpcPattern, RpcReply } from './rpc-contract';
import { serviceOf } from './rpc-contract';
import type { PartnerSnapshot } from './partners';
import type { LogSaleCommand, SaleView } from './sales';

/*
 * The `@ts-expect-error` lines are the test: `npm run typecheck` (tsconfig.json covers spec files)
 * fails when one of them compiles, i.e. when the maps stop catching that mistake.
 */

const sale: LogSaleCommand = { partner_id: 'p', product_id: 'x', quantity: 2, unit_price: 1000, sale_date: '2025-01-15' };
const partner: PartnerSnapshot = { id: 'p', name: 'Acme', tier: 'gold', status: 'approved', contact_email: 'a@acme.test', version: 1 };

/** Stands for `Transaction.publish` and `PlatformServices.call`, typed the same way. */
function payloadOf<T extends EventType>(_type: T, payload: EventPayloads[T]): unknown {
  return payload;
}
function commandOf<P extends RpcPattern>(_pattern: P, body: RpcCommand<P>): unknown {
  return body;
}

describe('EventPayloads', () => {
  it('types each event by its own payload', () => {
    expect(payloadOf(Events.PartnerApproved, partner)).toBe(partner);
    // @ts-expect-error a partner snapshot is not the payload of sale.logged
    payloadOf(Events.SaleLogged, partner);
    // @ts-expect-error a payload missing its fields
    payloadOf(Events.SaleReturned, { sale_id: 's' });
    // @ts-expect-error money travels as a decimal string, not a number
    const revenue: EventPayloads[typeof Events.SaleLogged]['revenue'] = 2000;
    expect(revenue).toBe(2000);
  });
});

describe('RpcContract', () => {
  it('types each pattern by its command and reply', () => {
    expect(commandOf(Rpc.fulfillment.LogSale, sale)).toBe(sale);
    // @ts-expect-error the body of another pattern
    commandOf(Rpc.fulfillment.LogSale, { id: 'p' });
    // @ts-expect-error a quantity is a number
    commandOf(Rpc.fulfillment.LogSale, { ...sale, quantity: '2' });
    // @ts-expect-error a pattern no service answers
    commandOf('sales.delete', {});

    const reply = {} as RpcReply<typeof Rpc.fulfillment.LogSale>;
    const view: SaleView = reply;
    // @ts-expect-error logging a sale answers a sale, not a page of them
    const page: RpcReply<typeof Rpc.fulfillment.MySales> = reply;
    expect([view, page]).toHaveLength(2);
  });

  it('names the service of each pattern after the group of Rpc that lists it', () => {
    const service: RpcContract[typeof Rpc.fulfillment.LogSale]['service'] = 'fulfillment';
    // @ts-expect-error sales.log is fulfillment's
    const other: RpcContract[typeof Rpc.fulfillment.LogSale]['service'] = 'commissions';
    expect([service, other]).toHaveLength(2);

    for (const group of SERVICES) {
      for (const pattern of Object.values(Rpc[group])) expect([pattern, serviceOf(pattern)]).toEqual([pattern, group]);
    }
    expect(serviceOf(Rpc.partners.VerifyCredentials)).toBe('partners');
  });
});
