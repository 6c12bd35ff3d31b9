import { randomUUID } from 'node:crypto';
import { IMPORT_LISTED_ERRORS } from '@spiffworks/contracts';
import type {
  AbortImportCommand, Actor, AppendImportRowsCommand, CloseImportCommand, GetImportQuery, ImportErrorsPage, ImportPageQuery, ImportView, OpenImportCommand,
} from '@spiffworks/contracts';
import { ServiceFailure, currentCorrelationId } from '@spiffworks/messaging';
import type { IdempotentRequest, Transactions } from '@spiffworks/runtime';
import type { EntityManager } from 'typeorm';
import { MAX_PAGE_ROWS, failureOf, notReceiving, openingOf, readableBy, requireCount, requireImportId, rowsPurged } from './import-commands';
import type { ImportKind } from './import-kind';
import { toImportView } from './import-record';
import type { ImportRecord } from './import-record';
import { arrivingRows, errorRecords } from './import-rows';
import type { ImportRowsRepository } from './import-rows.repository';
import type { ImportsRepository } from './imports.repository';

/** What the receiving asks of the worker: look for work now (after a close). */
export interface Kickable {
  kick(): void;
}

/**
 * A file's import as the gateway streams it in: opened with its header, rows appended a chunk at a
 * time while `receiving`, then closed (`queued` for the worker) or aborted (`failed`, nothing of it
 * kept). Only the uploader, or an admin, sees an import. A service's imports service is this class
 * for its kind (it adds what only its kind has).
 */
export class ImportReceiving {
  constructor(
    protected readonly kind: ImportKind,
    protected readonly transactions: Transactions,
    protected readonly imports: ImportsRepository,
    protected readonly rows: ImportRowsRepository,
    private readonly worker: Kickable,
  ) {}

  /** A replayed Idempotency-Key answers the same import, as it stands now. */
  async open(command: OpenImportCommand, actor: Actor, idempotency?: IdempotentRequest): Promise<ImportView> {
    const opening = openingOf(command, actor, currentCorrelationId());
    let replayed = true;
    const opened = await this.transactions.run(async (tx) => {
      replayed = false;
      return toImportView(await this.imports.insert(tx.manager, { id: randomUUID(), ...opening }), []);
    }, { idempotency });
    return replayed ? this.get({ import_id: opened.id }, actor) : opened;
  }

  /** Stores the rows (a row number sent again is kept once); answers how many rows the import has received. */
  async append(command: AppendImportRowsCommand<unknown>, actor: Actor): Promise<{ rows_received: number }> {
    const id = requireImportId(this.kind, command.import_id);
    const rows = arrivingRows(command.rows, this.kind.payload);
    return this.transactions.run(async (tx) => {
      const record = await this.lockReadable(tx.manager, id, actor);
      if (record.status !== 'receiving') throw notReceiving(this.kind, record);
      const { inserted, rejected } = await this.rows.insertNew(tx.manager, id, rows);
      return { rows_received: await this.imports.countArrived(tx.manager, id, inserted, rejected) };
    });
  }

  /** The file ended with `rows_total` data rows, every one of them received: queued for the worker. Closing again is a no-op. */
  async close(command: CloseImportCommand, actor: Actor): Promise<ImportView> {
    const id = requireImportId(this.kind, command.import_id);
    const rowsTotal = requireCount(command.rows_total, 'rows_total', 0);
    await this.transactions.run(async (tx) => {
      const record = await this.lockReadable(tx.manager, id, actor);
      if (record.status !== 'receiving') {
        if (record.status === 'failed' || record.rows_total !== rowsTotal) throw notReceiving(this.kind, record);
        return;
      }
      if (record.rows_received !== rowsTotal) {
        throw ServiceFailure.invalid([{ field: 'rows_total', reason: `is ${rowsTotal}, but ${record.rows_received} rows were received` }]);
      }
      await this.imports.queue(tx.manager, id, rowsTotal);
    });
    this.worker.kick();
    return this.get({ import_id: id }, actor);
  }

  /** The upload broke off: the import fails with the reason, and none of its rows is ever weighed. Aborting again is a no-op. */
  async abort(command: AbortImportCommand, actor: Actor): Promise<ImportView> {
    const id = requireImportId(this.kind, command.import_id);
    const reason = failureOf(command.reason);
    await this.transactions.run(async (tx) => {
      const record = await this.lockReadable(tx.manager, id, actor);
      if (record.status === 'receiving') {
        await this.imports.fail(tx.manager, id, reason);
        await this.onFailed(tx.manager, id);
      } else if (record.status !== 'failed') throw notReceiving(this.kind, record);
    });
    return this.get({ import_id: id }, actor);
  }

  /** What a kind does, in the failing transaction, to an import that failed (none of its rows will ever be weighed). */
  protected async onFailed(_manager: EntityManager, _id: string): Promise<void> {}

  /** The import's status and counts, with its first rejected rows. */
  async get(query: GetImportQuery, actor: Actor): Promise<ImportView> {
    const id = requireImportId(this.kind, query.import_id);
    const record = readableBy(this.kind, await this.imports.find(id), actor, id);
    return toImportView(record, await this.rows.firstErrors(id, IMPORT_LISTED_ERRORS));
  }

  /** One page of errors.csv: the rejected rows after `after_row`, each as it was in the file with its reason. */
  async errorsPage(query: ImportPageQuery, actor: Actor): Promise<ImportErrorsPage> {
    const { record, afterRow, limit } = await this.pageOf(query, actor);
    // One more than the page: whether another page follows, without an empty last page to ask for.
    const rejected = await this.rows.rejectedAfter(record.id, afterRow, limit + 1);
    const page = rejected.slice(0, limit);
    return { header: record.header, csv: errorRecords(page), next_after_row: rejected.length > limit ? page[page.length - 1].row : null };
  }

  /** The import a page query reads (as the actor may see it), and the page it asks for. */
  protected async pageOf(query: ImportPageQuery, actor: Actor): Promise<{ record: ImportRecord; afterRow: number; limit: number }> {
    const id = requireImportId(this.kind, query.import_id);
    const afterRow = requireCount(query.after_row, 'after_row', 0);
    const limit = requireCount(query.limit, 'limit', 1, MAX_PAGE_ROWS);
    const record = readableBy(this.kind, await this.imports.find(id), actor, id);
    if (record.rows_purged_at) throw rowsPurged(this.kind, record);
    return { record, afterRow, limit };
  }

  private async lockReadable(manager: EntityManager, id: string, actor: Actor): Promise<ImportRecord> {
    return readableBy(this.kind, await this.imports.lock(manager, id), actor, id);
  }
}
