/**
 * Every file import's upload (sales, partners): XMLHttpRequest, the one browser API that reports
 * upload progress, with the session's token and an Idempotency-Key; and what an import's status
 * says about its progress. Each import's own module names its path.
 */
import type { ImportStatus, ImportView } from '@spiffworks/contracts';
import { sessionStore } from '../auth/session-store';
import type { Schemas } from '../api/client';
import { ProblemError, isProblem } from '../api/problem';

export type { ImportStatus, ImportView };

/** The 202 of an upload (the import exists and is queued), as the OpenAPI document describes it for each import path. */
export type AcceptedImport = Schemas['SaleImportAcceptedResponse'] | Schemas['PartnerImportAcceptedResponse'];

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface Upload {
  done: Promise<AcceptedImport>;
  cancel: () => void;
}

/** How an import's screen sends a file: its path bound (`uploadFile`). */
export type SendFile = (file: File, idempotencyKey: string, onProgress: (progress: UploadProgress) => void) => Upload;

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
 * Sends `file` to `path` as multipart `file` with the session's bearer token and `idempotencyKey`
 * (one per chosen file, so a second click after a lost answer imports nothing twice).
 */
export function uploadFile(path: string, file: File, idempotencyKey: string, onProgress: (progress: UploadProgress) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<AcceptedImport>((resolve, reject) => {
    xhr.open('POST', path);
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

/** Still being worked on: poll again. */
export function isInProgress(status: ImportStatus): boolean {
  return status === 'receiving' || status === 'queued' || status === 'running';
}

/** Rows read so far, in percent of the file's rows. */
export function processedPercent(view: Pick<ImportView, 'rows_total' | 'rows_accepted' | 'rows_rejected' | 'status'>): number {
  if (view.status === 'completed') return 100;
  return view.rows_total > 0 ? ((view.rows_accepted + view.rows_rejected) / view.rows_total) * 100 : 0;
}
