import { Injectable } from '@nestjs/common';
import type { LogSaleCommand } from '@spiffworks/contracts';
import { ImportWorker, actorOf } from '@spiffworks/imports';
import type { ImportRecord, RowOutcome, UnweighedRow } from '@spiffworks/imports';
import { ServiceFailure } from '@spiffworks/messaging';
import { Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { SalesService } from '../sales/sales.service';
import { SALE_IMPORTS } from './sale-import-kind';
import { saleRejectionOf } from './sale-import-rows';
import { SaleImportRowsRepository, SaleImportsRepository } from './sale-imports.repository';

export { ChunkFailed } from '@spiffworks/imports';
export type { WeighedChunk } from '@spiffworks/imports';

/** Rows per chunk: one transaction, short enough that a retry is cheap and its locks brief. */
export const SALE_IMPORT_CHUNK_ROWS = 2_000;

/**
 * Weighs queued sell-through imports a chunk per transaction (every import's worker): each row is a
 * sale logged exactly as `POST /api/fulfillment/sales` logs it, by the uploader, or a rejected row
 * with its reason.
 */
@Injectable()
export class SaleImportWorker extends ImportWorker<LogSaleCommand> {
  constructor(
    transactions: Transactions,
    imports: SaleImportsRepository,
    rows: SaleImportRowsRepository,
    private readonly sales: SalesService,
  ) {
    super(SALE_IMPORTS, transactions, imports, rows, SALE_IMPORT_CHUNK_ROWS);
  }

  /**
   * The chunk's rows through the sale rule in one go, in row order, each seeing the ones before it:
   * of two rows with one invoice number, the first is booked. A refused row changes nothing; the
   * accepted ones go out as `sales.logged`.
   */
  protected async weigh(chunk: Transaction, rows: Array<UnweighedRow<LogSaleCommand>>, record: ImportRecord): Promise<RowOutcome[]> {
    const actor = actorOf(record);
    const recorded = await this.sales.recordMany(chunk, rows.map((r) => ({ command: r.payload, actor })), 'batched');
    return rows.map(({ row }, i): RowOutcome => {
      const verdict = recorded[i];
      if (verdict instanceof ServiceFailure) return { row, outcome: 'rejected', ...saleRejectionOf(verdict) };
      return { row, outcome: 'accepted', result_id: verdict.sale.id };
    });
  }
}
