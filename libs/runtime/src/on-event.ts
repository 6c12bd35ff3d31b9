import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RmqContext } from '@nestjs/microservices';
import type { EnvelopeOf, EventPayloads, EventType } from '@spiffworks/contracts';
import type { BatchLock } from '@spiffworks/messaging';
import type { ConsumedTogether, Transaction, Transactions } from './transactions';

/**
 * A class with `@OnEvent` methods: its `Transactions`, constructor-injected like any provider,
 * is a public `transactions` field, which the decorator's consumer calls (`this.transactions`).
 * A class without it does not compile where it is decorated.
 */
export interface EventConsumer {
  readonly transactions: Transactions;
}

/** What a decorated method does with an event: inside `tx`, the inbox transaction of the event. */
export type EventEffect<T extends EventType> = (payload: EventPayloads[T], tx: Transaction, envelope: EnvelopeOf<T>) => Promise<unknown>;

export interface OnEventOptions<C extends EventConsumer, T extends EventType = EventType> {
  /**
   * The `BatchLock` of the event, read from the consumer, e.g. `(self: X) => self.ledger.lockOriginals`.
   * Events whose locks are the same function have theirs taken together for an inbox batch.
   */
  lock?: (consumer: C) => BatchLock;
  /**
   * The effect of several such events at once, e.g. `(self: X) => (sales, tx) => self.ledger.bookSales(tx, sales)`:
   * consecutive events of the method consumed in one inbox batch are applied by one call, in their
   * order, as if each had gone through the method (same rows, same outcome); one alone goes through the method.
   */
  together?: (consumer: C) => (payloads: Array<EventPayloads[T]>, tx: Transaction) => Promise<unknown>;
}

/** Per consumer instance and decorated method: the one `together` key its events share. */
const togetherOf = new WeakMap<object, Map<string, ConsumedTogether>>();

function togetherFor<T extends EventType, C extends EventConsumer>(consumer: C, method: string, options: OnEventOptions<C, T>): ConsumedTogether | undefined {
  if (!options.together) return undefined;
  const methods = togetherOf.get(consumer) ?? new Map<string, ConsumedTogether>();
  togetherOf.set(consumer, methods);
  let together = methods.get(method);
  if (!together) {
    const apply = options.together(consumer);
    together = { key: {}, apply: async (tx, envelopes) => void (await apply(envelopes.map((e) => e.payload as EventPayloads[T]), tx)) };
    methods.set(method, together);
  }
  return together;
}

/**
 * Consumes `type` (or each of several types): applies the decorated method once per event (inbox),
 * in the event's transaction, then acks — `Transactions.consume`, with its logging, metrics,
 * batching, retries and dead letters.
 *
 * The decorated method keeps its own signature (`(payload, tx, envelope?)`, checked against
 * `EventPayloads[type]`) and can be called directly. The broker's handler is a second method that
 * this adds beside it, `consume <method>`, registered with `@EventPattern(type)` and taking the
 * `@Payload()` envelope and the `@Ctx()` context, as a hand-written handler would.
 */
export function OnEvent<T extends EventType, C extends EventConsumer = EventConsumer>(type: T | readonly T[], options: OnEventOptions<C, T> = {}) {
  return <M extends EventEffect<T>>(target: C, key: string, descriptor: TypedPropertyDescriptor<M>): void => {
    const effect = descriptor.value as M;
    const consumerKey = `consume ${key}`;
    // A second decoration would replace the first handler, and with it its event types.
    if (Object.prototype.hasOwnProperty.call(target, consumerKey)) throw new Error(`${key} has two @OnEvent: list its event types in one`);
    const consume = {
      async [consumerKey](this: C, envelope: EnvelopeOf<T>, ctx: RmqContext): Promise<void> {
        const apply = async (tx: Transaction): Promise<void> => {
          await effect.call(this, envelope.payload, tx, envelope);
        };
        await this.transactions.consume(ctx, envelope, apply, options.lock?.(this), togetherFor(this, key, options));
      },
    }[consumerKey];
    const consumer: PropertyDescriptor = { value: consume, writable: true, configurable: true };
    Object.defineProperty(target, consumerKey, consumer);
    EventPattern<string[]>([type].flat())(target, consumerKey, consumer);
    Payload()(target, consumerKey, 0);
    Ctx()(target, consumerKey, 1);
  };
}
