/**
 * The partner import's routes: the upload (every import's, `uploadFile`), the import's status, its
 * error report and its invite links, through the typed client.
 */
import { PARTNER_IMPORT_COLUMNS } from '@spiffworks/contracts';
import { api } from '../api/client';
import type { paths } from '../api/client';
import { unwrap } from '../api/problem';
import type { FileKind } from '../imports/FileUpload';
import type { OutcomeKind } from '../imports/ImportResult';
import { uploadFile } from '../imports/upload';

export const PARTNER_IMPORTS_PATH = '/api/partners/imports' satisfies keyof paths;

/** errors.csv: every rejected row as it was (a password cell left empty), with its row number, field and reason. */
export async function fetchErrorReport(id: string): Promise<Blob> {
  return (await unwrap(api.GET('/api/partners/imports/{id}/errors.csv', { params: { path: { id } }, parseAs: 'blob' }))) as unknown as Blob;
}

/** invites.csv: each invited user still to accept, with its link; shown only for a while after the import finished (410 after). */
export async function fetchInviteLinks(id: string): Promise<Blob> {
  return (await unwrap(api.GET('/api/partners/imports/{id}/invites.csv', { params: { path: { id } }, parseAs: 'blob' }))) as unknown as Blob;
}

export const PARTNERS_FILE: FileKind = {
  label: 'Partners file',
  noun: 'a partners file',
  columns: PARTNER_IMPORT_COLUMNS,
  send: (file, key, onProgress) => uploadFile(PARTNER_IMPORTS_PATH, file, key, onProgress),
};

export const PARTNERS_OUTCOME: Omit<OutcomeKind, 'actions'> = {
  statusPath: '/api/partners/imports/{id}',
  fetchStatus: (id) => api.GET('/api/partners/imports/{id}', { params: { path: { id } } }),
  fetchErrorReport,
  fileLabel: 'Partners file',
  reportBase: 'partners',
  acceptedAs: 'registered as partners',
  // New partners, their users and (once fulfillment has them) their assignments.
  staleLists: ['/api/partners', '/api/users', '/api/fulfillment/assignments'],
};
