import { Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Actor } from '@spiffworks/contracts';
import { ServiceFailure, WakeablePause, runWithCorrelation } from '@spiffworks/messaging';
import { Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { SalesService } from '../sales/sales.service';
import { rejectionOf } from './import-rows';
import type { SaleImport } from './sale-import.entity';
import { SaleImportRowsRepository } from './sale-import-rows.repository';
import type { RowOutcome, UnweighedRow } from './sale-import-rows.repository';
import { SaleImportsRepository } from './sale-imports.repository';

/** Rows per chunk: one transaction, short enough that a retry is cheap and its locks brief. */
export const SALE_IMPORT_CHUNK_ROWS = 2_000;
/** How often an idle worker looks for work (a close kicks it at once). */
const POLL_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/** A chunk of an import that failed for another reason than the sale rule: nothing of it was kept. */
export class ChunkFailed extends Error {
  constructor(
    readonly importId: string,
    override readonly cause: unknown,
  ) {
    super(`a chunk of sale import ${importId} failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`);
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
 * Weighs queued imports' rows, a chunk per transaction: each row is a sale logged exactly as
 * `POST /api/fulfillment/sales` logs it, by the uploader, or a rejected row with its reason. A chunk
 * that fails for any other reason (the database, a crash) leaves nothing behind and is taken again,
 * so every good row is booked once. Workers on several replicas take different imports; an import's
 * chunks follow each other in row order, so the first of two rows with one invoice number wins.
 */
@Injectable()
export class SaleImportWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SaleImports');
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
    private readonly transactions: Transactions,
    private readonly imports: SaleImportsRepository,
    private readonly rows: SaleImportRowsRepository,
    private readonly sales: SalesService,
  ) {}

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
   * a deadlock with interactive sales): the rows through the sale rule together, the rows' outcomes, the
   * import's counts and status, the accepted sales' events. Null when no import (but those
   * `skipping`) has rows left. A failure other than the sale rule's is a ChunkFailed naming the import.
   */
  async processNextChunk(chunkRows = SALE_IMPORT_CHUNK_ROWS, skipping: string[] = []): Promise<WeighedChunk | null> {
    const started = performance.now();
    let taken: string | null = null;
    const chunk = await this.transactions.run(async (tx) => {
      const saleImport = await this.imports.lockNextWorkable(tx.manager, skipping);
      if (!saleImport) return null;
      taken = saleImport.id;
      const rows = await this.rows.nextUnweighed(tx.manager, saleImport.id, chunkRows);
      // The upload's correlation id: the sales' events and these log lines lead back to it.
      const outcomes = await runWithCorrelation(saleImport.correlation_id, () => this.weighAll(tx, rows, actorOf(saleImport)));
      await this.rows.recordOutcomes(tx.manager, saleImport.id, outcomes);
      const accepted = outcomes.filter((o) => o.outcome === 'accepted').length;
      const completed = rows.length < chunkRows || !(await this.rows.anyUnweighed(tx.manager, saleImport.id));
      const weighed = { accepted, rejected: outcomes.length - accepted, completed };
      await this.imports.recordChunk(tx.manager, saleImport.id, weighed);
      return { import_id: saleImport.id, correlation_id: saleImport.correlation_id, ...weighed };
    }).catch((error: unknown) => {
      throw taken ? new ChunkFailed(taken, error) : error;
    });
    if (!chunk) return null;
    const { correlation_id: correlationId, ...done } = chunk;
    runWithCorrelation(correlationId, () => this.logger.log({
      msg: done.completed ? 'sale import completed' : 'sale import chunk weighed',
      ...done,
      duration_ms: Math.round(performance.now() - started),
    }));
    return done;
  }

  /**
   * The chunk's rows through the sale rule in one go, in row order, each seeing the ones before it:
   * of two rows with one invoice number, the first is booked. A refused row changes nothing.
   */
  private async weighAll(chunk: Transaction, rows: UnweighedRow[], actor: Actor): Promise<RowOutcome[]> {
    const recorded = await this.sales.recordMany(chunk, rows.map((r) => r.sale), actor, 'batched');
    return rows.map(({ row }, i): RowOutcome => {
      const verdict = recorded[i];
      if (verdict instanceof ServiceFailure) return { row, outcome: 'rejected', ...rejectionOf(verdict) };
      return { row, outcome: 'accepted', sale_id: verdict.sale.id };
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.kicked = false;
      let chunk: WeighedChunk | null;
      try {
        chunk = await this.processNextChunk(SALE_IMPORT_CHUNK_ROWS, this.stillResting());
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
        this.logger.warn(`sale imports: no chunk could be taken (${this.consecutiveFailures} in a row); retrying in ${backoff} ms: ${reason}`);
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

function actorOf(saleImport: SaleImport): Actor {
  return { user_id: saleImport.actor_user_id, role: saleImport.actor_role, partner_id: saleImport.actor_partner_id };
}
