import { Injectable } from '@nestjs/common';
import { ImportReceiving } from '@spiffworks/imports';
import { Transactions } from '@spiffworks/runtime';
import { SALE_IMPORTS } from './sale-import-kind';
import { SaleImportWorker } from './sale-import.worker';
import { SaleImportRowsRepository, SaleImportsRepository } from './sale-imports.repository';

/**
 * A sell-through file's import as the gateway streams it in: opened with its header, rows appended
 * a chunk at a time while `receiving`, then closed (`queued` for the worker) or aborted (`failed`,
 * nothing booked). Only the uploader, or an admin, sees an import. (Every import's receiving.)
 */
@Injectable()
export class SaleImportsService extends ImportReceiving {
  constructor(transactions: Transactions, imports: SaleImportsRepository, rows: SaleImportRowsRepository, worker: SaleImportWorker) {
    super(SALE_IMPORTS, transactions, imports, rows, worker);
  }
}
