import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SALE_IMPORT_LISTED_ERRORS } from '@spiffworks/contracts';
import type {
  AbortSaleImportCommand, Actor, AppendSaleImportRowsCommand, CloseSaleImportCommand, GetSaleImportQuery, OpenSaleImportCommand,
  SaleImportErrorsPage, SaleImportErrorsPageQuery, SaleImportView,
} from '@spiffworks/contracts';
import { ServiceFailure, currentCorrelationId } from '@spiffworks/messaging';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest } from '@spiffworks/runtime';
import type { EntityManager } from 'typeorm';
import { MAX_ERRORS_PAGE_ROWS, failureOf, notReceiving, openingOf, readableBy, requireCount, requireImportId } from './import-commands';
import { arrivingRows, errorRecords } from './import-rows';
import type { SaleImport } from './sale-import.entity';
import { SaleImportRowsRepository } from './sale-import-rows.repository';
import { toSaleImportView } from './sale-import-view';
import { SaleImportsRepository } from './sale-imports.repository';
import { SaleImportWorker } from './sale-import.worker';

/**
 * A sell-through file's import as the gateway streams it in: opened with its header, rows appended
 * a chunk at a time while `receiving`, then closed (`queued` for the worker) or aborted (`failed`,
 * nothing booked). Only the uploader, or an admin, sees an import.
 */
@Injectable()
export class SaleImportsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly imports: SaleImportsRepository,
    private readonly rows: SaleImportRowsRepository,
    private readonly worker: SaleImportWorker,
  ) {}

  /** A replayed Idempotency-Key answers the same import, as it stands now. */
  async open(command: OpenSaleImportCommand, actor: Actor, idempotency?: IdempotentRequest): Promise<SaleImportView> {
    const opening = openingOf(command, actor, currentCorrelationId());
    let replayed = true;
    const opened = await this.transactions.run(async (tx) => {
      replayed = false;
      return toSaleImportView(await this.imports.insert(tx.manager, { id: randomUUID(), ...opening }), []);
    }, { idempotency });
    return replayed ? this.get({ import_id: opened.id }, actor) : opened;
  }

  /** Stores the rows (a row number sent again is kept once); answers how many rows the import has received. */
  async append(command: AppendSaleImportRowsCommand, actor: Actor): Promise<{ rows_received: number }> {
    const id = requireImportId(command.import_id);
    const rows = arrivingRows(command.rows);
    return this.transactions.run(async (tx) => {
      const saleImport = await this.lockReadable(tx.manager, id, actor);
      if (saleImport.status !== 'receiving') throw notReceiving(saleImport);
      const { inserted, rejected } = await this.rows.insertNew(tx.manager, id, rows);
      return { rows_received: await this.imports.countArrived(tx.manager, id, inserted, rejected) };
    });
  }

  /** The file ended with `rows_total` data rows, every one of them received: queued for the worker. Closing again is a no-op. */
  async close(command: CloseSaleImportCommand, actor: Actor): Promise<SaleImportView> {
    const id = requireImportId(command.import_id);
    const rowsTotal = requireCount(command.rows_total, 'rows_total', 0);
    await this.transactions.run(async (tx) => {
      const saleImport = await this.lockReadable(tx.manager, id, actor);
      if (saleImport.status !== 'receiving') {
        if (saleImport.status === 'failed' || saleImport.rows_total !== rowsTotal) throw notReceiving(saleImport);
        return;
      }
      if (saleImport.rows_received !== rowsTotal) {
        throw ServiceFailure.invalid([{ field: 'rows_total', reason: `is ${rowsTotal}, but ${saleImport.rows_received} rows were received` }]);
      }
      await this.imports.queue(tx.manager, id, rowsTotal);
    });
    this.worker.kick();
    return this.get({ import_id: id }, actor);
  }

  /** The upload broke off: the import fails with the reason, and none of its rows is ever weighed. Aborting again is a no-op. */
  async abort(command: AbortSaleImportCommand, actor: Actor): Promise<SaleImportView> {
    const id = requireImportId(command.import_id);
    const reason = failureOf(command.reason);
    await this.transactions.run(async (tx) => {
      const saleImport = await this.lockReadable(tx.manager, id, actor);
      if (saleImport.status === 'receiving') await this.imports.fail(tx.manager, id, reason);
      else if (saleImport.status !== 'failed') throw notReceiving(saleImport);
    });
    return this.get({ import_id: id }, actor);
  }

  /** The import's status and counts, with its first rejected rows. */
  async get(query: GetSaleImportQuery, actor: Actor): Promise<SaleImportView> {
    const id = requireImportId(query.import_id);
    const saleImport = readableBy(await this.imports.find(id), actor, id);
    return toSaleImportView(saleImport, await this.rows.firstErrors(id, SALE_IMPORT_LISTED_ERRORS));
  }

  /** One page of errors.csv: the rejected rows after `after_row`, each as it was in the file with its reason. */
  async errorsPage(query: SaleImportErrorsPageQuery, actor: Actor): Promise<SaleImportErrorsPage> {
    const id = requireImportId(query.import_id);
    const afterRow = requireCount(query.after_row, 'after_row', 0);
    const limit = requireCount(query.limit, 'limit', 1, MAX_ERRORS_PAGE_ROWS);
    const saleImport = readableBy(await this.imports.find(id), actor, id);
    // One more than the page: whether another page follows, without an empty last page to ask for.
    const rejected = await this.rows.rejectedAfter(id, afterRow, limit + 1);
    const page = rejected.slice(0, limit);
    return { header: saleImport.header, csv: errorRecords(page), next_after_row: rejected.length > limit ? page[page.length - 1].row : null };
  }

  private async lockReadable(manager: EntityManager, id: string, actor: Actor): Promise<SaleImport> {
    return readableBy(await this.imports.lock(manager, id), actor, id);
  }
}
