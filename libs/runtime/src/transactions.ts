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
  requestExpired,
  runBeforeCommitHooks,
  runWithCorrelation,
  ServiceFailure,
  contextFrom,
  endSpan,
  platformTracer,
  settleDelivery,
  withTraceContext,
} from '@spiffworks/messaging';
import { SpanKind, trace } from '@opentelemetry/api';
import type { BatchLock, DeliveryFailureLog, InboxOutcome, TogetherEffect } from '@spiffworks/messaging';
import { BrokerConnection } from './broker';
import { PlatformMetrics } from './metrics';
import { claimIdempotencyKey, fingerprintSecret, recordIdempotentResponse, releaseIdempotencyKey, requestFingerprint } from './idempotency';
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

/** Consumed events of one kind applied in one call (`TogetherEffect`, with the consumer's `Transaction`). */
export interface ConsumedTogether {
  key: unknown;
  apply: (tx: Transaction, envelopes: EventEnvelope[]) => Promise<void>;
}

/** One request of a `runTogether` batch: its key, if it came with one, and its RPC caller's deadline. */
export interface BatchedRequest {
  idempotency?: IdempotentRequest;
  deadlineAt?: number;
}

/** What became of one request of a batch: its value (or, replayed, the JSON of its first one), or what refused it. */
export type BatchedOutcome<T> = { value: T; replayed: boolean } | { failure: unknown };

/** Work for some requests of a batch (indexes into it), in one transaction: per request its value, or the refusal that leaves it unchanged. */
export type BatchWork<T> = (tx: Transaction, requests: number[]) => Promise<Array<T | ServiceFailure>>;

/** Thrown to roll a batch back when a request in it is past its caller's deadline: the others are tried again without it. */
class PastDeadline extends Error {}

/** A request's claim of its key in a batch: undefined when it is new, else its replay or the refusal of the key. */
async function claimOrReplay<T>(manager: EntityManager, claim: IdempotencyClaim): Promise<BatchedOutcome<T> | undefined> {
  try {
    const prior = await claimIdempotencyKey(manager, claim);
    return prior ? { value: prior.response as T, replayed: true } : undefined;
  } catch (error) {
    if (error instanceof ServiceFailure) return { failure: error };
    throw error;
  }
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

  /**
   * Runs the work of many requests in one transaction (a group commit), each as if it ran alone
   * with `run`: its Idempotency-Key claimed (a replay answers its first response, a refused request
   * releases its key), its deadline kept (a request past it gets REQUEST_EXPIRED and the rest commit
   * without it), and a failure of the whole batch that is not a refusal (a constraint, a bug) retried
   * request by request so it stays the failing request's own. Deadlocks retry as in `run`. Two
   * requests of one batch must not share a key.
   */
  async runTogether<T>(requests: BatchedRequest[], work: BatchWork<T>): Promise<Array<BatchedOutcome<T>>> {
    const outcomes: Array<BatchedOutcome<T>> = new Array(requests.length);
    let pending = requests.map((_, i) => i);
    for (let attempt = 1; pending.length > 0; ) {
      pending = pending.filter((i) => {
        const deadlineAt = requests[i].deadlineAt;
        if (deadlineAt === undefined || Date.now() < deadlineAt) return true;
        outcomes[i] = { failure: requestExpired(deadlineAt, 'the request') };
        return false;
      });
      if (pending.length === 0) break;
      try {
        const settled = await this.runBatchOnce(requests, pending, work);
        pending.forEach((i, j) => (outcomes[i] = settled[j]));
        pending = [];
      } catch (error) {
        if (error instanceof PastDeadline) continue;
        if (retryableConflict(error) && attempt < MAX_ATTEMPTS) {
          attempt++;
          await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * attempt * (0.5 + Math.random())));
          continue;
        }
        if (pending.length === 1) {
          outcomes[pending[0]] = { failure: error };
        } else {
          for (const i of pending) [outcomes[i]] = await this.runTogether([requests[i]], (tx) => work(tx, [i]));
        }
        pending = [];
      }
    }
    return outcomes;
  }

  private async runBatchOnce<T>(requests: BatchedRequest[], indexes: number[], work: BatchWork<T>): Promise<Array<BatchedOutcome<T>>> {
    const claims = indexes.map((i) => requests[i].idempotency && this.claimOf(requests[i].idempotency));
    let published = false;
    const outcomes = await this.dataSource.transaction(async (manager) => {
      const settled: Array<BatchedOutcome<T> | undefined> = [];
      for (const claim of claims) settled.push(claim ? await claimOrReplay<T>(manager, claim) : undefined);
      const fresh = indexes.filter((_, j) => !settled[j]);
      const tx = new Transaction(manager, this.service);
      const values = fresh.length ? await work(tx, fresh) : [];
      await runBeforeCommitHooks(manager);
      for (const [n, i] of fresh.entries()) {
        const j = indexes.indexOf(i);
        const value = values[n];
        if (value instanceof ServiceFailure) {
          if (claims[j]) await releaseIdempotencyKey(manager, claims[j]);
          settled[j] = { failure: value };
        } else {
          settled[j] = { value: claims[j] ? await recordIdempotentResponse(manager, claims[j], value) : value, replayed: false };
        }
      }
      await appendToOutbox(manager, tx.events);
      // A request whose caller has answered 503 must not commit: roll all back, the others go again without it.
      if (fresh.some((i) => (requests[i].deadlineAt ?? Infinity) <= Date.now())) throw new PastDeadline();
      published = tx.events.length > 0;
      return settled as Array<BatchedOutcome<T>>;
    });
    if (published) this.relay.kick();
    return outcomes;
  }

  private claimOf({ scope, key, operation, body }: IdempotentRequest): IdempotencyClaim {
    return { scope, key, fingerprint: requestFingerprint(this.fingerprintKey, operation, body) };
  }

  /**
   * Applies a consumed event once (inbox), then acks it; see `settleDelivery` for failures.
   * Logs one line per consumed event and counts deliveries by queue (consumed / failed).
   * `lock`, when given, takes the locks the effect will take, for all events of the inbox batch at
   * once and before any effect (see `BatchLock`), so that a batch takes them in one order.
   * `together`, when given, applies this event with the ones of its kind consumed with it in one call
   * (see `TogetherEffect`). Event handlers call it through `@OnEvent` (on-event.ts).
   */
  async consume(
    ctx: RmqContext,
    envelope: EventEnvelope,
    effect: (tx: Transaction) => Promise<void>,
    lock?: BatchLock,
    together?: ConsumedTogether,
  ): Promise<void> {
    // A span per consumed event, continuing the relay's publish (the message's headers) or, failing
    // that, the publisher's span kept in the envelope.
    const message = ctx.getMessage() as { properties?: { headers?: Record<string, unknown> } };
    const headers = message.properties?.headers;
    const parent = contextFrom(typeof headers?.traceparent === 'string' ? (headers as { traceparent: string; tracestate?: string }) : envelope);
    const span = platformTracer.startSpan(`consume ${envelope.type}`, {
      kind: SpanKind.CONSUMER,
      attributes: { 'messaging.system': 'rabbitmq', 'messaging.destination.name': this.eventQueue, 'messaging.message.id': envelope.id },
    }, parent);
    await withTraceContext(trace.setSpan(parent, span), () => runWithCorrelation(envelope.correlation_id, async () => {
      const started = performance.now();
      let inbox: InboxOutcome | undefined;
      const settled = await settleDelivery(
        ctx,
        async () => {
          let published = false;
          const inTransaction = (work: (tx: Transaction) => Promise<void>) => async (manager: EntityManager) => {
            const tx = new Transaction(manager, this.service);
            await work(tx);
            appendToOutboxBeforeCommit(manager, tx.events);
            published = tx.events.length > 0;
          };
          const runOfKind: TogetherEffect | undefined = together && {
            key: together.key,
            apply: (manager, envelopes) => inTransaction((tx) => together.apply(tx, envelopes))(manager),
          };
          const outcome = await this.inbox.process(envelope, inTransaction(effect), lock, runOfKind);
          if (published) this.relay.kick();
          inbox = outcome;
        },
        this.logger,
        this.failures,
      );
      // One info line per consumed event (its correlation id comes from the envelope); counted, timed and its lag observed by queue.
      this.metrics.observeConsumed({
        queue: this.eventQueue,
        eventType: envelope.type,
        occurredAt: envelope.occurred_at,
        settled,
        inbox,
        durationSeconds: (performance.now() - started) / 1000,
      });
      if (inbox) span.setAttribute('inbox.outcome', inbox);
      endSpan(span, settled === 'acked' ? undefined : 'delivery failed');
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
    }));
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
