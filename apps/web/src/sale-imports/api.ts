/**
 * The sell-through import's routes: the upload (every import's, `uploadFile`), the import's status
 * and its error report through the typed client.
 */
import { SALE_IMPORT_COLUMNS } from '@spiffworks/contracts';
import { api } from '../api/client';
import type { paths } from '../api/client';
import { unwrap } from '../api/problem';
import type { FileKind } from '../imports/FileUpload';
import type { OutcomeKind } from '../imports/ImportResult';
import { uploadFile } from '../imports/upload';
import type { Upload, UploadProgress } from '../imports/upload';

export const IMPORTS_PATH = '/api/fulfillment/sales/imports' satisfies keyof paths;

export function uploadSaleFile(file: File, idempotencyKey: string, onProgress: (progress: UploadProgress) => void): Upload {
  return uploadFile(IMPORTS_PATH, file, idempotencyKey, onProgress);
}

/** errors.csv: every rejected row as it was, with its row number, field and reason. */
export async function fetchErrorReport(id: string): Promise<Blob> {
  return (await unwrap(api.GET('/api/fulfillment/sales/imports/{id}/errors.csv', { params: { path: { id } }, parseAs: 'blob' }))) as unknown as Blob;
}

export const SALES_FILE: FileKind = { label: 'Sales file', noun: 'a sales file', columns: SALE_IMPORT_COLUMNS, send: uploadSaleFile };

export const SALES_OUTCOME: OutcomeKind = {
  statusPath: '/api/fulfillment/sales/imports/{id}',
  fetchStatus: (id) => api.GET('/api/fulfillment/sales/imports/{id}', { params: { path: { id } } }),
  fetchErrorReport,
  fileLabel: 'Sales file',
  reportBase: 'sales',
  acceptedAs: 'booked as sales',
  // Once the rows are booked, the sales and commission lists the user may open next are stale.
  staleLists: ['/api/fulfillment/sales/my-sales', '/api/commissions/my-commissions', '/api/commissions', '/api/fulfillment/assignments/my-opportunities'],
};
