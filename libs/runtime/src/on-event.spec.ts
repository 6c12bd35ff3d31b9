import 'reflect-metadata';
import { PARAM_ARGS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import type { RmqContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { Events } from '@spiffworks/contracts';
import type { EventEnvelope, PartnerSnapshot, SaleLoggedPayload, SaleReturnedPayload } from '@spiffworks/contracts';
import type { BatchLock } from '@spiffworks/messaging';
import { OnEvent } from './on-event';
import { Transaction } from './transactions';
import type { Transactions } from './transactions';

/*
 * The `@ts-expect-error` lines are the type test: `npm run typecheck` (tsconfig.json covers spec
 * files) fails when one of them compiles, i.e. when a wrong payload stops being a compile error.
 */

const partner: PartnerSnapshot = { id: 'p', name: 'Acme', tier: 'gold', status: 'approved', contact_email: 'a@acme.test', version: 1 };
const envelope: EventEnvelope<PartnerSnapshot> = {
  id: 'e1', type: Events.PartnerApproved, version: 1, occurred_at: '2025-01-15T10:00:00.000Z', source: 'partners', correlation_id: 'c1', payload: partner,
};

describe('Transaction.publish', () => {
  it('takes the payload its event type names, and queues it in an envelope', () => {
    const tx = new Transaction({} as EntityManager, 'partners');
    tx.publish(Events.PartnerApproved, partner);
    // @ts-expect-error a partner snapshot is not the payload of sale.logged
    tx.publish(Events.SaleLogged, partner);
    // @ts-expect-error a payload that misses fields
    tx.publish(Events.PartnerUpdated, { id: 'p' });
    expect(tx.events.map((e) => [e.type, e.source, e.payload])).toEqual([
      [Events.PartnerApproved, 'partners', partner],
      [Events.SaleLogged, 'partners', partner],
      [Events.PartnerUpdated, 'partners', { id: 'p' }],
    ]);
  });
});

/** `Transactions.consume` as far as `@OnEvent` sees it: it records what it was given, then applies the effect. */
function recordingTransactions(tx: Transaction) {
  const calls: Array<{ ctx: RmqContext; envelope: EventEnvelope; lock?: BatchLock }> = [];
  const transactions = {
    async consume(ctx: RmqContext, delivered: EventEnvelope, effect: (tx: Transaction) => Promise<void>, lock?: BatchLock): Promise<void> {
      calls.push({ ctx, envelope: delivered, lock });
      await effect(tx);
    },
  } as unknown as Transactions;
  return { transactions, calls };
}

const lockOriginals: BatchLock = async () => undefined;

class PartnerRecorder {
  readonly seen: unknown[][] = [];
  readonly lockOriginals = lockOriginals;

  constructor(readonly transactions: Transactions) {}

  @OnEvent([Events.PartnerRegistered, Events.PartnerApproved], { lock: (self: PartnerRecorder) => self.lockOriginals })
  async record(payload: PartnerSnapshot, tx: Transaction, delivered: EventEnvelope<PartnerSnapshot>): Promise<void> {
    this.seen.push([payload, tx, delivered]);
  }
}

describe('@OnEvent', () => {
  it('adds a broker handler for its event types that applies the method inside Transactions.consume', async () => {
    const tx = new Transaction({} as EntityManager, 'test');
    const { transactions, calls } = recordingTransactions(tx);
    const recorder = new PartnerRecorder(transactions);
    const ctx = {} as RmqContext;

    const consume = (recorder as unknown as Record<string, (envelope: EventEnvelope, ctx: RmqContext) => Promise<void>>)['consume record'];
    expect(Reflect.getMetadata(PATTERN_METADATA, consume)).toEqual([Events.PartnerRegistered, Events.PartnerApproved]);
    const params = Object.values(Reflect.getMetadata(PARAM_ARGS_METADATA, PartnerRecorder, 'consume record') as Record<string, { index: number }>);
    expect(params.map((p) => p.index).sort()).toEqual([0, 1]);

    await consume.call(recorder, envelope, ctx);
    expect(calls).toEqual([{ ctx, envelope, lock: lockOriginals }]);
    expect(recorder.seen).toEqual([[partner, tx, envelope]]);
  });

  it('leaves the decorated method callable as written', async () => {
    const recorder = new PartnerRecorder({} as Transactions);
    const tx = new Transaction({} as EntityManager, 'test');
    await recorder.record(partner, tx, envelope);
    expect(recorder.seen).toEqual([[partner, tx, envelope]]);
  });

  it('refuses, at compile time, a method whose payload is not its event type’s', () => {
    class WrongPayload {
      constructor(readonly transactions: Transactions) {}

      // @ts-expect-error sale.logged carries a SaleLoggedPayload
      @OnEvent(Events.SaleLogged)
      async record(_returned: SaleReturnedPayload): Promise<void> {}

      @OnEvent(Events.SaleLogged)
      async recordSale(_sale: SaleLoggedPayload): Promise<void> {}
    }

    class HiddenTransactions {
      constructor(private readonly transactions: Transactions) {}

      // @ts-expect-error the consumer calls this.transactions: it must be public
      @OnEvent(Events.PartnerApproved)
      async record(_partner: PartnerSnapshot): Promise<void> {}

      get hidden(): Transactions {
        return this.transactions;
      }
    }
    expect([WrongPayload, HiddenTransactions]).toHaveLength(2);
  });

  it('refuses a second @OnEvent on one method, which would silently replace the first', () => {
    expect(() => {
      class Twice {
        constructor(readonly transactions: Transactions) {}

        @OnEvent(Events.PartnerApproved)
        @OnEvent(Events.PartnerRegistered)
        async record(_partner: PartnerSnapshot): Promise<void> {}
      }
      return Twice;
    }).toThrow('record has two @OnEvent: list its event types in one');
  });
});
