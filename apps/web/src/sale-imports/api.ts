/**
 * The sell-through import API: the upload (XMLHttpRequest, the one browser API that reports upload
 * progress), the import's status and its error report. The status and the report go through the
 * typed client like every other call.
 */
import { api } from '../api/client';
import type { Schemas, paths } from '../api/client';
import { sessionStore } from '../auth/session-store';
import { ProblemError, isProblem, unwrap } from '../api/problem';

export const IMPORTS_PATH = '/api/fulfillment/sales/imports' satisfies keyof paths;

export type SaleImport = Schemas['SaleImportResponse'];
export type SaleImportStatus = SaleImport['status'];
/** The 202 of an upload: the import exists and is queued. */
export type AcceptedImport = Schemas['SaleImportAcceptedResponse'];

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface Upload {
  done: Promise<AcceptedImport>;
  cancel: () => void;
}

/** Thrown when the user cancelled the upload (not an error to show). */
export class UploadCancelled extends Error {
  constructor() {
    super('The upload was cancelled.');
    this.name = 'UploadCancelled';
  }
}

/** Ends the session on a 401 the way the typed client does, so the shell returns to sign-in. */
function endSessionOn401(status: number): void {
  if (status === 401) sessionStore.clear('Your session has ended. Please sign in again.');
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function problemOf(xhr: XMLHttpRequest): ProblemError {
  const body = parseJson(xhr.responseText);
  if (isProblem(body)) return new ProblemError(body.status ?? xhr.status, body.code, body.detail ?? body.title, body.errors ?? []);
  return new ProblemError(xhr.status, 'UNEXPECTED_RESPONSE', `The server answered ${xhr.status} ${xhr.statusText}`.trim());
}

/**
 * Sends `file` as multipart `file` with the session's bearer token and `idempotencyKey` (one per
 * chosen file, so a second click after a lost answer imports nothing twice).
 */
export function uploadSaleFile(file: File, idempotencyKey: string, onProgress: (progress: UploadProgress) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<AcceptedImport>((resolve, reject) => {
    xhr.open('POST', IMPORTS_PATH);
    const token = sessionStore.get()?.token;
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onload = () => {
      endSessionOn401(xhr.status);
      const body = parseJson(xhr.responseText) as AcceptedImport | undefined;
      if (xhr.status >= 200 && xhr.status < 300 && body?.import_id) resolve(body);
      else reject(problemOf(xhr));
    };
    xhr.onerror = () => reject(new ProblemError(0, 'NETWORK_ERROR', 'The upload broke off: the server could not be reached. Try again; the same file is never imported twice.'));
    xhr.onabort = () => reject(new UploadCancelled());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, cancel: () => xhr.abort() };
}

/** errors.csv: every rejected row as it was, with its row number, field and reason. */
export async function fetchErrorReport(id: string): Promise<Blob> {
  return (await unwrap(api.GET('/api/fulfillment/sales/imports/{id}/errors.csv', { params: { path: { id } }, parseAs: 'blob' }))) as unknown as Blob;
}

/** Still being worked on: poll again. */
export function isInProgress(status: SaleImportStatus): boolean {
  return status === 'receiving' || status === 'queued' || status === 'running';
}

/** Rows read so far, in percent of the file's rows. */
export function processedPercent(view: Pick<SaleImport, 'rows_total' | 'rows_accepted' | 'rows_rejected' | 'status'>): number {
  if (view.status === 'completed') return 100;
  return view.rows_total > 0 ? ((view.rows_accepted + view.rows_rejected) / view.rows_total) * 100 : 0;
}

