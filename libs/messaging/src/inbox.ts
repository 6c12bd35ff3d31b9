import type { DataSource, EntityManager } from 'typeorm';
import { factsCarried } from '@spiffworks/contracts';
import type { EventEnvelope } from '@spiffworks/contracts';
import { runBeforeCommitHooks } from './commit-hooks';
import { runWithCorrelation } from './correlation';
import { context, trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { endSpan, platformTracer, withTraceContext } from './trace-context';

export type InboxOutcome = 'processed' | 'duplicate';

/** Events that failed on their own, kept out of batches (bounded: the oldest is forgotten first). */
const MAX_LONERS = 10_000;

/**
 * At most this many facts (`factsCarried`) in one inbox transaction: a sell-through chunk's worth.
 * A hundred `sales.logged` of 500 sales each in one transaction held 50,000 ledger lines and their
 * events in memory at once (700 MB of RSS in the ledger during a 100,000-row import).
 */
export const MAX_FACTS_PER_BATCH = 2_000;

/**
 * Takes up front, for every event of an inbox transaction that names it, the row locks their effects
 * will take — in one statement, in a fixed order — so that effects applied in arrival order do not
 * take them in arrival order (a batch that locks A then B while another transaction locks B then A
 * deadlocks). Called once per distinct `BatchLock` per transaction, with the first-time envelopes.
 */
export type BatchLock = (manager: EntityManager, envelopes: EventEnvelope[]) => Promise<void>;

/**
 * The effect of several events of one kind at once: consecutive events of an inbox batch whose
 * `together` shares its `key` are applied by one call of `apply` instead of one effect each
 * (a consumer that books many rows in one statement). A run of one goes through its own effect.
 */
export interface TogetherEffect {
  key: unknown;
  apply: (manager: EntityManager, envelopes: EventEnvelope[]) => Promise<void>;
}

interface PendingEvent {
  envelope: EventEnvelope;
  effect: (manager: EntityManager) => Promise<void>;
  lock?: BatchLock;
  together?: TogetherEffect;
  /** The trace context it was consumed in: its effect runs in it, its batch's span links it. */
  trace: Context;
  resolve: (outcome: InboxOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Applies each consumed event's effect exactly once: its envelope id is recorded in the same
 * transaction as the effect, so a redelivered event finds its id and changes nothing (it only
 * counts the repeat). Events that arrive while a transaction commits are applied together, in
 * arrival order, in one transaction with one inbox insert — a busy consumer pays one commit per
 * batch instead of one per event. A batch that fails is taken apart and each event is tried on
 * its own, so one bad event never holds back (or fails) the others.
 */
export class InboxBatcher {
  private readonly waiting: PendingEvent[] = [];
  private readonly loners = new Set<string>();
  private draining = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly maxBatch = 100,
    private readonly maxFacts = MAX_FACTS_PER_BATCH,
  ) {}

  process(envelope: EventEnvelope, effect: (manager: EntityManager) => Promise<void>, lock?: BatchLock, together?: TogetherEffect): Promise<InboxOutcome> {
    return new Promise((resolve, reject) => {
      const event = { envelope, effect, lock, together, trace: context.active(), resolve, reject };
      if (this.loners.has(envelope.id)) {
        void this.processAlone(event);
        return;
      }
      this.waiting.push(event);
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.nextBatchSize());
      if (batch.length === 1) await this.processAlone(batch[0]);
      else await this.processTogether(batch);
    }
    this.draining = false;
  }

  /** The waiting events the next batch takes: at most `maxBatch`, and at most `maxFacts` facts but for a first event that alone carries more. */
  private nextBatchSize(): number {
    let facts = factsCarried(this.waiting[0].envelope);
    let size = 1;
    while (size < this.waiting.length && size < this.maxBatch) {
      facts += factsCarried(this.waiting[size].envelope);
      if (facts > this.maxFacts) break;
      size++;
    }
    return size;
  }

  private async processTogether(batch: PendingEvent[]): Promise<void> {
    let outcomes: InboxOutcome[];
    try {
      outcomes = await this.applyOnce(batch);
    } catch {
      for (const event of batch) await this.processAlone(event);
      return;
    }
    batch.forEach((event, i) => event.resolve(outcomes[i]));
  }

  private async processAlone(event: PendingEvent): Promise<void> {
    await runWithCorrelation(event.envelope.correlation_id, () => this.applyOnce([event])).then(
      ([outcome]) => {
        this.loners.delete(event.envelope.id);
        event.resolve(outcome);
      },
      (error: unknown) => {
        this.rememberLoner(event.envelope.id);
        event.reject(error);
      },
    );
  }

  /** An event that failed alone (e.g. waiting for another) is tried alone next time too, not in a batch it would fail. */
  private rememberLoner(id: string): void {
    if (this.loners.size >= MAX_LONERS) this.loners.delete(this.loners.values().next().value as string);
    this.loners.add(id);
  }

  /** One transaction for the events; then counts the repeats among them. */
  private async applyOnce(events: PendingEvent[]): Promise<InboxOutcome[]> {
    // The batch's transaction is a span of the first event's trace, linked to every other event's.
    const span = platformTracer.startSpan('inbox batch', {
      attributes: { 'messaging.batch.message_count': events.length },
      links: events.slice(1).flatMap((e) => {
        const linked = trace.getSpan(e.trace)?.spanContext();
        return linked ? [{ context: linked }] : [];
      }),
    }, events[0].trace);
    let outcomes: InboxOutcome[];
    try {
      outcomes = await context.with(trace.setSpan(events[0].trace, span), () => this.dataSource.transaction((manager) => recordAndApply(manager, events)));
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
    const repeated = events.filter((_, i) => outcomes[i] === 'duplicate').map((e) => e.envelope.id);
    if (repeated.length > 0) {
      await this.dataSource
        .query('UPDATE inbox SET redeliveries = redeliveries + 1 WHERE id = ANY ($1::uuid[])', [repeated])
        .catch(() => undefined); // a statistic: never worth failing a delivery that committed
    }
    return outcomes;
  }
}

/** Records the envelope ids; applies the effect of each id seen for the first time, once, then the before-commit hooks. */
async function recordAndApply(manager: EntityManager, events: PendingEvent[]): Promise<InboxOutcome[]> {
  const inserted: Array<{ id: string }> = await manager.query(
    `INSERT INTO inbox (id, type, source)
     SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[])
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [events.map((e) => e.envelope.id), events.map((e) => e.envelope.type), events.map((e) => e.envelope.source)],
  );
  const firstTime = new Set(inserted.map((row) => row.id));
  // The same envelope twice in one batch (a redelivery racing the original) is applied once.
  const applied = events.map((event) => firstTime.delete(event.envelope.id));
  const locks = new Map<BatchLock, EventEnvelope[]>();
  events.forEach((event, i) => {
    if (applied[i] && event.lock) locks.set(event.lock, [...(locks.get(event.lock) ?? []), event.envelope]);
  });
  for (const [lock, envelopes] of locks) await lock(manager, envelopes);
  for (let i = 0; i < events.length; ) {
    const run = runFrom(events, applied, i);
    const first = events[i];
    // Each effect in the trace of its own event (a run: of its first), so what it publishes continues
    // it; the batch's first event is the batch span's own trace, so its effect sits inside that span.
    const traced = i === 0 ? undefined : first.trace;
    if (run > 1) await withTraceContext(traced, () => runWithCorrelation(first.envelope.correlation_id, () => first.together?.apply(manager, events.slice(i, i + run).map((e) => e.envelope))));
    else if (applied[i]) await withTraceContext(traced, () => runWithCorrelation(first.envelope.correlation_id, () => first.effect(manager)));
    i += Math.max(run, 1);
  }
  await runBeforeCommitHooks(manager);
  return applied.map((first): InboxOutcome => (first ? 'processed' : 'duplicate'));
}

/** How many events from `start` on are applied together: consecutive first-time events sharing a `together` key. */
function runFrom(events: PendingEvent[], applied: boolean[], start: number): number {
  const key = events[start].together?.key;
  if (key === undefined || !applied[start]) return 0;
  let end = start + 1;
  while (end < events.length && applied[end] && events[end].together?.key === key) end++;
  return end - start;
}
