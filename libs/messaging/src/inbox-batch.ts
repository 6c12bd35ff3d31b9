import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@spiffworks/contracts';
import { runBeforeCommitHooks } from './commit-hooks';
import { runWithCorrelation } from './correlation';
import { processOnce } from './inbox';
import type { InboxOutcome } from './inbox';

const MAX_LONERS = 10_000;

interface PendingEvent {
  envelope: EventEnvelope;
  effect: (manager: EntityManager) => Promise<void>;
  resolve: (outcome: InboxOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * `processOnce` for many events at a time: events that arrive while a batch commits are applied
 * together, in arrival order, in one transaction with one inbox insert — so a busy consumer pays
 * one commit per batch instead of one per event. A batch that fails is taken apart and each event
 * is tried on its own, so one bad event never holds back (or fails) the others.
 */
export class InboxBatcher {
  private readonly waiting: PendingEvent[] = [];
  private readonly loners = new Set<string>();
  private draining = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly maxBatch = 100,
  ) {}

  process(envelope: EventEnvelope, effect: (manager: EntityManager) => Promise<void>): Promise<InboxOutcome> {
    if (this.loners.has(envelope.id)) {
      return new Promise((resolve, reject) => void this.processAlone({ envelope, effect, resolve, reject }));
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ envelope, effect, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      if (batch.length === 1) await this.processAlone(batch[0]);
      else await this.processTogether(batch);
    }
    this.draining = false;
  }

  private async processTogether(batch: PendingEvent[]): Promise<void> {
    let outcomes: InboxOutcome[];
    try {
      outcomes = await this.dataSource.transaction((manager) => applyOnce(manager, batch));
    } catch {
      for (const event of batch) await this.processAlone(event);
      return;
    }
    const repeated = batch.filter((_, i) => outcomes[i] === 'duplicate').map((e) => e.envelope.id);
    if (repeated.length > 0) await countRedeliveries(this.dataSource, repeated).catch(() => undefined);
    batch.forEach((event, i) => event.resolve(outcomes[i]));
  }

  private async processAlone(event: PendingEvent): Promise<void> {
    await runWithCorrelation(event.envelope.correlation_id, () => processOnce(this.dataSource, event.envelope, event.effect)).then(
      (outcome) => {
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
}

/** Records the batch's envelope ids; applies the effect of each id seen for the first time, once. */
async function applyOnce(manager: EntityManager, batch: PendingEvent[]): Promise<InboxOutcome[]> {
  const inserted: Array<{ id: string }> = await manager.query(
    `INSERT INTO inbox (id, type, source)
     SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[])
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [batch.map((e) => e.envelope.id), batch.map((e) => e.envelope.type), batch.map((e) => e.envelope.source)],
  );
  const firstTime = new Set(inserted.map((row) => row.id));
  const outcomes: InboxOutcome[] = [];
  for (const event of batch) {
    // The same envelope twice in one batch (a redelivery racing the original) is applied once.
    const isFirst = firstTime.delete(event.envelope.id);
    if (isFirst) await runWithCorrelation(event.envelope.correlation_id, () => event.effect(manager));
    outcomes.push(isFirst ? 'processed' : 'duplicate');
  }
  await runBeforeCommitHooks(manager);
  return outcomes;
}

function countRedeliveries(dataSource: DataSource, ids: string[]): Promise<unknown> {
  return dataSource.query('UPDATE inbox SET redeliveries = redeliveries + 1 WHERE id = ANY ($1::uuid[])', [ids]);
}
