import { Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Actor } from '@spiffworks/contracts';
import { WakeablePause, runWithCorrelation } from '@spiffworks/messaging';
import type { Transaction, Transactions } from '@spiffworks/runtime';
import type { ImportKind } from './import-kind';
import type { ImportRecord } from './import-record';
import type { ImportRowsRepository, RowOutcome, UnweighedRow } from './import-rows.repository';
import type { ImportsRepository } from './imports.repository';

/** How often an idle worker looks for work (a close kicks it at once). */
const POLL_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/** A chunk of an import that failed for another reason than its rows' rules: nothing of it was kept. */
export class ChunkFailed extends Error {
  constructor(
    readonly importId: string,
    override readonly cause: unknown,
    noun: string,
  ) {
    super(`a chunk of ${noun} ${importId} failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** What one chunk did. */
export interface WeighedChunk {
  import_id: string;
  accepted: number;
  rejected: number;
  /** The chunk weighed the import's last rows. */
  completed: boolean;
}

/**
 * Weighs queued imports' rows, a chunk per transaction: `weigh` decides each row of the chunk
 * (accepted, naming what it became, or rejected with its reason) inside the chunk's transaction,
 * which also records the outcomes and the import's counts and status. A chunk that fails for any
 * other reason (the database, a crash) leaves nothing behind and is taken again, so every good row
 * is kept once. Workers on several replicas take different imports; an import's chunks follow each
 * other in row order. A service's worker is this class for its kind, with its own `weigh`.
 */
export abstract class ImportWorker<P = unknown> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  private running: Promise<void> | null = null;
  private stopping = false;
  private readonly pause = new WakeablePause();
  /** Set by a kick during a chunk: look again at once rather than after the poll interval. */
  private kicked = false;
  /** Failures in a row before any import was taken (the database down): the whole loop backs off. */
  private consecutiveFailures = 0;
  /**
   * Imports whose last chunk failed, and until when the loop leaves them: one import failing again
   * and again backs off alone, and the imports behind it go on.
   */
  private readonly resting = new Map<string, { failures: number; until: number }>();

  constructor(
    protected readonly kind: ImportKind,
    protected readonly transactions: Transactions,
    protected readonly imports: ImportsRepository,
    protected readonly rows: ImportRowsRepository<P>,
    private readonly chunkRows: number,
  ) {
    this.logger = new Logger(kind.logContext);
  }

  /** Decides every row of a chunk, in row order, inside the chunk's transaction (whose events go out with it). */
  protected abstract weigh(chunk: Transaction, rows: Array<UnweighedRow<P>>, record: ImportRecord): Promise<RowOutcome[]>;

  /**
   * Slow work on the next chunk's rows that needs no transaction (hashing), done before the
   * chunk's transaction so that it holds no lock meanwhile: `record` is the import the next chunk
   * will most likely come from, its next `chunkRows` unweighed rows that chunk. A look ahead that
   * may turn out wrong (another replica took the chunk), so `weigh` must not count on it having
   * run. None by default.
   */
  protected prepare(_record: ImportRecord, _chunkRows: number): Promise<void> {
    return Promise.resolve();
  }

  /** Whether this kind has work to `prepare` (the look ahead costs a read per chunk). */
  protected readonly prepares: boolean = false;

  onApplicationBootstrap(): void {
    this.stopping = false;
    this.running ??= this.loop();
  }

  /** The chunk under way finishes (or rolls back) before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.pause.wake();
    await this.running;
    this.running = null;
  }

  /** Asks the worker to look for work now (after a close); a worker backing off from failures keeps waiting. */
  kick(): void {
    this.kicked = true;
    if (this.consecutiveFailures === 0) this.pause.wake();
  }

  /**
   * Weighs the next rows of the oldest import with rows left, in one transaction (retried whole on
   * a deadlock): the rows' outcomes, the import's counts and status, the chunk's events. Null when
   * no import (but those `skipping`) has rows left. A failure other than a row's rule is a
   * ChunkFailed naming the import.
   */
  async processNextChunk(chunkRows = this.chunkRows, skipping: string[] = []): Promise<WeighedChunk | null> {
    const started = performance.now();
    let taken: string | null = null;
    if (this.prepares) await this.prepareNext(chunkRows, skipping);
    const chunk = await this.transactions.run(async (tx) => {
      const record = await this.imports.lockNextWorkable(tx.manager, skipping);
      if (!record) return null;
      taken = record.id;
      const rows = await this.rows.nextUnweighed(tx.manager, record.id, chunkRows);
      // The upload's correlation id: the rows' events and these log lines lead back to it.
      const outcomes = await runWithCorrelation(record.correlation_id, () => this.weigh(tx, rows, record));
      await this.rows.recordOutcomes(tx.manager, record.id, outcomes);
      const accepted = outcomes.filter((o) => o.outcome === 'accepted').length;
      const completed = rows.length < chunkRows || !(await this.rows.anyUnweighed(tx.manager, record.id));
      const weighed = { accepted, rejected: outcomes.length - accepted, completed };
      await this.imports.recordChunk(tx.manager, record.id, weighed);
      return { import_id: record.id, correlation_id: record.correlation_id, ...weighed };
    }).catch((error: unknown) => {
      throw taken ? new ChunkFailed(taken, error, this.kind.noun) : error;
    });
    if (!chunk) return null;
    const { correlation_id: correlationId, ...done } = chunk;
    runWithCorrelation(correlationId, () => this.logger.log({
      msg: done.completed ? `${this.kind.noun} completed` : `${this.kind.noun} chunk weighed`,
      ...done,
      duration_ms: Math.round(performance.now() - started),
    }));
    return done;
  }

  private async prepareNext(chunkRows: number, skipping: string[]): Promise<void> {
    const record = await this.imports.nextWorkable(skipping);
    if (!record) return;
    await runWithCorrelation(record.correlation_id, () => this.prepare(record, chunkRows)).catch((error: unknown) => {
      throw new ChunkFailed(record.id, error, this.kind.noun);
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.kicked = false;
      let chunk: WeighedChunk | null;
      try {
        chunk = await this.processNextChunk(this.chunkRows, this.stillResting());
        this.consecutiveFailures = 0;
        if (chunk) this.resting.delete(chunk.import_id);
      } catch (error) {
        if (error instanceof ChunkFailed) {
          this.rest(error.importId, error.message);
          continue;
        }
        this.consecutiveFailures += 1;
        const backoff = backoffAfter(this.consecutiveFailures);
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`${this.kind.noun}s: no chunk could be taken (${this.consecutiveFailures} in a row); retrying in ${backoff} ms: ${reason}`);
        await this.pause.sleep(backoff);
        continue;
      }
      if (!chunk && !this.kicked) await this.pause.sleep(POLL_MS);
    }
  }

  private rest(importId: string, reason: string): void {
    const failures = (this.resting.get(importId)?.failures ?? 0) + 1;
    const backoff = backoffAfter(failures);
    this.resting.set(importId, { failures, until: Date.now() + backoff });
    this.logger.warn({ msg: `${reason} (${failures} in a row); retrying it in ${backoff} ms`, import_id: importId });
  }

  private stillResting(): string[] {
    const now = Date.now();
    // Retried when its rest ends, so an import not seen long after that is done (another replica finished it).
    for (const [id, rest] of this.resting) if (rest.until + MAX_BACKOFF_MS < now) this.resting.delete(id);
    return [...this.resting].filter(([, rest]) => rest.until > now).map(([id]) => id);
  }
}

function backoffAfter(failures: number): number {
  return Math.min(POLL_MS * 2 ** failures, MAX_BACKOFF_MS);
}

/** Who imports an import's rows: its uploader. */
export function actorOf(record: ImportRecord): Actor {
  return { user_id: record.actor_user_id, role: record.actor_role, partner_id: record.actor_partner_id };
}
