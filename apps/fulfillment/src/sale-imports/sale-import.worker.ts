import { Inject, Injectable } from '@nestjs/common';
import type { Actor, LogSaleCommand } from '@spiffworks/contracts';
import { ImportWorker, actorOf } from '@spiffworks/imports';
import type { ImportRecord, RowOutcome, UnweighedRow } from '@spiffworks/imports';
import { ServiceFailure } from '@spiffworks/messaging';
import { SERVICE_NAME, Transaction, Transactions } from '@spiffworks/runtime';
import { SalesService } from '../sales/sales.service';
import { SALE_IMPORTS } from './sale-import-kind';
import { saleRejectionOf } from './sale-import-rows';
import { SaleImportRowsRepository, SaleImportsRepository } from './sale-imports.repository';

export { ChunkFailed } from '@spiffworks/imports';
export type { WeighedChunk } from '@spiffworks/imports';

/** Rows per chunk: one transaction, short enough that a retry is cheap and its locks brief. */
export const SALE_IMPORT_CHUNK_ROWS = 500;

/**
 * Weighs queued sell-through imports a chunk per transaction (every import's worker): each row is a
 * sale logged exactly as `POST /api/fulfillment/sales` logs it, by the uploader, or a rejected row
 * with its reason. An import's chunks follow each other in row order, so the first of two rows with
 * one invoice number wins.
 */
@Injectable()
export class SaleImportWorker extends ImportWorker<LogSaleCommand> {
  constructor(
    transactions: Transactions,
    imports: SaleImportsRepository,
    rows: SaleImportRowsRepository,
    private readonly sales: SalesService,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {
    super(SALE_IMPORTS, transactions, imports, rows, SALE_IMPORT_CHUNK_ROWS);
  }

  protected async weigh(chunk: Transaction, rows: Array<UnweighedRow<LogSaleCommand>>, record: ImportRecord): Promise<RowOutcome[]> {
    const actor = actorOf(record);
    const outcomes: RowOutcome[] = [];
    // In row order, each seeing the ones before: of two rows with one invoice number, the first is booked.
    for (const { row, payload } of rows) outcomes.push(await this.weighRow(chunk, row, payload, actor));
    return outcomes;
  }

  /**
   * One row, in a savepoint of the chunk's transaction (TypeORM runs a transaction nested on a
   * transaction's manager as SAVEPOINT … RELEASE, or ROLLBACK TO on error) and with a Transaction of
   * its own: a refused row's changes and events (a milestone reached before its invoice was found
   * used) go with it; an accepted row's events join the chunk's outbox rows.
   */
  private async weighRow(chunk: Transaction, row: number, command: LogSaleCommand, actor: Actor): Promise<RowOutcome> {
    const own = new Transaction(chunk.manager, this.service);
    try {
      const { sale } = await chunk.manager.transaction(() => this.sales.record(own, command, actor));
      chunk.events.push(...own.events);
      return { row, outcome: 'accepted', result_id: sale.id };
    } catch (error) {
      if (!(error instanceof ServiceFailure)) throw error;
      return { row, outcome: 'rejected', ...saleRejectionOf(error) };
    }
  }
}
