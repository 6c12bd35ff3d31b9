import type { SaleImportError, SaleImportView } from '@spiffworks/contracts';
import type { SaleImport } from './sale-import.entity';

/** The import as the API answers it; until the file has ended, its total is the rows received so far. */
export function toSaleImportView(saleImport: SaleImport, errors: SaleImportError[]): SaleImportView {
  return {
    id: saleImport.id,
    status: saleImport.status,
    file_name: saleImport.file_name,
    rows_total: saleImport.rows_total ?? saleImport.rows_received,
    rows_accepted: saleImport.rows_accepted,
    rows_rejected: saleImport.rows_rejected,
    errors,
    failure: saleImport.failure,
    created_at: new Date(saleImport.created_at).toISOString(),
    finished_at: saleImport.finished_at ? new Date(saleImport.finished_at).toISOString() : null,
  };
}
