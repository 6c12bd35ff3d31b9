import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { RmqContext } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { ConsumingService, EventEnvelope, EventPayloads, EventType } from '@spiffworks/contracts';
import {
  OutboxRelay,
  appendToOutbox,
  appendToOutboxBeforeCommit,
  assertBeforeDeadline,
  clearDeliveryFailures,
  createEnvelope,
  InboxBatcher,
  recordDeliveryFailure,
  runBeforeCommitHooks,
  runWithCorrelation,
  settleDelivery,
} from '@spiffworks/messaging';
import type { BatchLock, DeliveryFailureLog, InboxOutcome } from '@spiffworks/messaging';
import { BrokerConnection } from './broker';
import { PlatformMetrics } from './metrics';
import { claimIdempotencyKey, fingerprintSecret, recordIdempotentResponse, requestFingerprint } from './idempotency';
import type { IdempotencyClaim, IdempotentRequest } from './idempotency';
import { PLATFORM_CONFIG } from './config';
import type { PlatformConfig } from './config';
import { SERVICE_NAME } from './tokens';

/** Tries of one `Transactions.run` that deadlocks or fails to serialize, in all; then the error stands. */
const MAX_ATTEMPTS = 4;
const RETRY_PAUSE_MS = 20;

/** A deadlock or a serialization failure: the transaction was rolled back, and the same work can succeed. */
function retryableConflict(error: unknown): '40P01' | '40001' | null {
  const { code, driverError } = (error ?? {}) as { code?: unknown; driverError?: { code?: unknown } };
  const sqlState = code ?? driverError?.code;
  return sqlState === '40P01' || sqlState === '40001' ? sqlState : null;
}

/** A database transaction that can also publish events: they go out only if it commits. */
export class Transaction {
  readonly events: EventEnvelope[] = [];

  constructor(
    readonly manager: EntityManager,
    private readonly source: string,
  ) {}

  /**
   * Queues the event to go out on commit; its payload is the one `EventPayloads` names for `type`.
   * A `type` typed as a union accepts the payload of any of its members: keep such unions to event
   * types that share a payload.
   */
  publish<T extends EventType>(type: T, payload: EventPayloads[T]): void {
    this.events.push(createEnvelope(type, payload, this.source));
  }
}

export interface RunOptions {
  /**
   * With a key (see `idempotencyOf`), the transaction first claims it: a replay answers the first
   * response without calling `work`, another request with the same key is a 422. The response
   * is then the JSON form of what `work` returns (dates as strings), on the first call as on replays.
   */
  idempotency?: IdempotentRequest;
}

/**
 * The one way services change state: inside a transaction whose events are written to the outbox
 * with it (`run`), or, for a consumed event, together with its inbox record (`consume`).
 */
@Injectable()
export class Transactions implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly relay: OutboxRelay;
  private readonly inbox: InboxBatcher;
  private readonly failures: DeliveryFailureLog;
  private readonly logger = new Logger('Transactions');
  private readonly fingerprintKey: Buffer;
  private readonly eventQueue: string;

  constructor(
    private readonly dataSource: DataSource,
    broker: BrokerConnection,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly metrics: PlatformMetrics,
  ) {
    this.fingerprintKey = fingerprintSecret(config.JWT_SECRET);
    this.eventQueue = broker.topology.eventQueue(service as ConsumingService);
    this.relay = new OutboxRelay(dataSource, broker.publisher, {
      exchange: broker.topology.eventsExchange,
      batchSize: 500,
      pollMs: config.OUTBOX_POLL_MS,
      onError: (error) => this.logger.warn(`outbox relay: ${error instanceof Error ? error.message : String(error)}`),
    });
    this.inbox = new InboxBatcher(dataSource);
    this.failures = {
      record: (delivered, error) => recordDeliveryFailure(dataSource, delivered, error),
      clear: (id) => clearDeliveryFailures(dataSource, id),
    };
  }

  /**
   * Runs `work` in a transaction. A deadlock or serialization failure (40P01, 40001) rolls all of it
   * back — the idempotency claim, the outbox rows, the events — so the whole transaction is tried
   * again, at most `MAX_ATTEMPTS` times, after a short jittered pause; `work` must therefore do
   * nothing outside the transaction. A retry never starts past the RPC caller's deadline (it has
   * answered 503 by then): it fails REQUEST_EXPIRED instead. A retried idempotent request claims its
   * key afresh, and replays the response if a twin committed it meanwhile.
   */
  async run<T>(work: (tx: Transaction) => Promise<T>, options: RunOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runOnce(work, options);
      } catch (error) {
        const conflict = retryableConflict(error);
        if (!conflict || attempt >= MAX_ATTEMPTS) throw error;
        this.logger.warn(`transaction ${conflict === '40P01' ? 'deadlocked' : 'hit a serialization failure'}; retrying (attempt ${attempt + 1} of ${MAX_ATTEMPTS})`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * attempt * (0.5 + Math.random())));
        assertBeforeDeadline();
      }
    }
  }

  private async runOnce<T>(work: (tx: Transaction) => Promise<T>, options: RunOptions): Promise<T> {
    const claim = options.idempotency && this.claimOf(options.idempotency);
    let published = false;
    const result = await this.dataSource.transaction(async (manager) => {
      if (claim) {
        const prior = await claimIdempotencyKey(manager, claim);
        if (prior) return prior.response as T;
      }
      const tx = new Transaction(manager, this.service);
      let value = await work(tx);
      await runBeforeCommitHooks(manager);
      if (claim) value = await recordIdempotentResponse(manager, claim, value);
      await appendToOutbox(manager, tx.events);
      // Past the RPC caller's deadline it has answered 503: roll back rather than do it anyway.
      assertBeforeDeadline();
      published = tx.events.length > 0;
      return value;
    });
    if (published) this.relay.kick();
    return result;
  }

  private claimOf({ scope, key, operation, body }: IdempotentRequest): IdempotencyClaim {
    return { scope, key, fingerprint: requestFingerprint(this.fingerprintKey, operation, body) };
  }

  /**
   * Applies a consumed event once (inbox), then acks it; see `settleDelivery` for failures.
   * Logs one line per consumed event and counts deliveries by queue (consumed / failed).
   * `lock`, when given, takes the locks the effect will take, for all events of the inbox batch at
   * once and before any effect (see `BatchLock`), so that a batch takes them in one order.
   * Event handlers call it through `@OnEvent` (on-event.ts).
   */
  async consume(ctx: RmqContext, envelope: EventEnvelope, effect: (tx: Transaction) => Promise<void>, lock?: BatchLock): Promise<void> {
    await runWithCorrelation(envelope.correlation_id, async () => {
      const started = performance.now();
      let inbox: InboxOutcome | undefined;
      const settled = await settleDelivery(
        ctx,
        async () => {
          let published = false;
          const outcome = await this.inbox.process(envelope, async (manager) => {
            const tx = new Transaction(manager, this.service);
            await effect(tx);
            appendToOutboxBeforeCommit(manager, tx.events);
            published = tx.events.length > 0;
          }, lock);
          if (published) this.relay.kick();
          inbox = outcome;
        },
        this.logger,
        this.failures,
      );
      // One info line per consumed event (its correlation id comes from the envelope), counted by queue.
      (settled === 'acked' ? this.metrics.messagesConsumed : this.metrics.messagesFailed).inc({ queue: this.eventQueue });
      if (settled === 'acked') {
        this.logger.log({
          msg: `event ${envelope.type} ${inbox === 'duplicate' ? 'already consumed' : 'consumed'}`,
          event_type: envelope.type,
          event_id: envelope.id,
          source: envelope.source,
          duration_ms: Math.round((performance.now() - started) * 10) / 10,
          // Delivered before (to a replica that died or nacked it): shows who took over what.
          ...((ctx.getMessage() as { fields?: { redelivered?: boolean } }).fields?.redelivered && { redelivered: true }),
        });
      }
    });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /**
   * Runs after ConsumerDrain (onModuleDestroy) stopped consuming and in-flight handlers finished,
   * so nothing writes the outbox any more, and before the broker connection and database close
   * (onApplicationShutdown): the relay publishes everything still waiting.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
