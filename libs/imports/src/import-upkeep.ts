import { Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import { PLATFORM_CONFIG, RetentionPurger } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import type { ImportKind } from './import-kind';
import type { ImportsRepository } from './imports.repository';

/** What an abandoned upload's import says, as its failure. */
export const UPLOAD_DID_NOT_FINISH = 'upload did not finish';

/** The longest pause between two sweeps for abandoned uploads. */
const MAX_SWEEP_MS = 60_000;

/**
 * What keeps a kind's imports from piling up, on every replica of its service:
 * - an upload that stopped arriving (the gateway died, the client went away: nobody will close or
 *   abort it) fails once nothing arrived for `IMPORT_RECEIVING_TIMEOUT_S`, its staged rows deleted;
 *   one statement per sweep, so replicas sweeping together fail each import once;
 * - a finished import's rows go `IMPORT_ROWS_RETENTION_DAYS` after it finished, through the
 *   service's retention purge (its interval, batches, metric); its status row and counts stay.
 */
export class ImportUpkeep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly kind: ImportKind,
    private readonly imports: ImportsRepository,
    private readonly config: PlatformConfig,
    retention: RetentionPurger,
  ) {
    this.logger = new Logger(kind.logContext);
    retention.register({ table: kind.rowsTable, purgeBatch: (batchSize) => this.purgeRowsBatch(batchSize) });
  }

  /** Fails the imports whose upload stopped arriving; answers their ids. */
  async failAbandoned(): Promise<string[]> {
    const failed = await this.imports.failAbandoned(this.config.IMPORT_RECEIVING_TIMEOUT_S, UPLOAD_DID_NOT_FINISH);
    for (const id of failed) {
      this.logger.warn({ msg: `${this.kind.noun} failed: ${UPLOAD_DID_NOT_FINISH}`, import_id: id, idle_seconds: this.config.IMPORT_RECEIVING_TIMEOUT_S });
    }
    return failed;
  }

  /**
   * One batch of the retention purge: imports past their period are marked purged (their pages
   * answer 410 at once), then up to `batchSize` of the marked imports' rows are deleted.
   */
  async purgeRowsBatch(batchSize: number): Promise<number> {
    await this.imports.markRowsPurged(this.config.IMPORT_ROWS_RETENTION_DAYS);
    return this.imports.deletePurgedRows(batchSize);
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Before the database closes: no new sweep, and the one under way finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.sweeping;
  }

  /** A sweep every quarter of the timeout (at most a minute apart): an abandoned upload fails within 1.25 × the timeout. */
  private schedule(): void {
    if (this.stopped) return;
    const everyMs = Math.min((this.config.IMPORT_RECEIVING_TIMEOUT_S * 1000) / 4, MAX_SWEEP_MS);
    this.timer = setTimeout(() => {
      this.sweeping = this.failAbandoned()
        .catch((error: unknown) => this.logger.warn(`${this.kind.noun}s: the sweep for abandoned uploads failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.sweeping = null;
          this.schedule();
        });
    }, everyMs);
    this.timer.unref();
  }
}

/** The token of a kind's upkeep in its service's module. */
export function importUpkeepToken(kind: ImportKind): string {
  return `ImportUpkeep:${kind.table}`;
}

/** A kind's upkeep for its service's module, on the kind's imports repository (a provider of that module). */
export function importUpkeepProvider(kind: ImportKind, repository: new (...args: never[]) => ImportsRepository): Provider {
  return {
    provide: importUpkeepToken(kind),
    useFactory: (imports: ImportsRepository, config: PlatformConfig, retention: RetentionPurger) => new ImportUpkeep(kind, imports, config, retention),
    inject: [repository, PLATFORM_CONFIG, RetentionPurger],
  };
}
