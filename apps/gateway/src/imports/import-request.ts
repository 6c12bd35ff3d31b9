import type { IncomingMessage, ServerResponse } from 'node:http';
import busboy from 'busboy';
import { ErrorCode, IMPORT_MAX_BYTES } from '@spiffworks/contracts';
import { problem } from '../platform/http-errors';
import type { StreamedBodyRoute } from '../platform/request-body';
import { fileInvalid } from './import-columns';
import type { UploadedFile } from './import-records';

/** An upload route (`POST <path>`) reads its own body, as a stream: the JSON body parser leaves it alone. */
export function fileUploadRoute(path: string): StreamedBodyRoute {
  return { method: 'POST', path: `/${path}`, mediaTypes: ['text/csv', 'multipart/form-data'] };
}

/** The multipart field that carries the file. */
export const IMPORT_FILE_FIELD = 'file';

/** Room for the multipart boundaries and part headers around a file of the largest size. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * The uploaded file of a request: the body itself (`text/csv`, UTF-8) or the `file` part of a
 * `multipart/form-data` body (browsers). A body the Content-Length already shows too large is a
 * 413 before anything is read or opened. `signal` aborts when the client goes away mid-upload.
 */
export async function uploadedFile(req: IncomingMessage, maxBytes = IMPORT_MAX_BYTES): Promise<UploadedFile> {
  const { mediaType, charset } = contentTypeOf(req);
  if (mediaType !== 'text/csv' && mediaType !== 'multipart/form-data') {
    const given = mediaType ? `, not ${mediaType}` : '';
    throw problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `content-type must be text/csv or multipart/form-data (a file field "${IMPORT_FILE_FIELD}")${given}`);
  }
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `the file must be UTF-8 (charset=utf-8), not charset=${charset}`);
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes + (mediaType === 'multipart/form-data' ? MULTIPART_OVERHEAD_BYTES : 0)) {
    throw problem(ErrorCode.PAYLOAD_TOO_LARGE, `the file is larger than ${Math.round(maxBytes / (1024 * 1024))} MB (${maxBytes} bytes); split it into several files`);
  }
  const signal = brokeOffSignal(req);
  return mediaType === 'text/csv' ? { bytes: req, name: null, signal } : multipartFile(req, signal);
}

function contentTypeOf(req: IncomingMessage): { mediaType: string; charset: string | undefined } {
  const [type, ...parameters] = (req.headers['content-type'] ?? '').split(';');
  const charset = parameters.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  return { mediaType: type.trim().toLowerCase(), charset };
}

/** Aborted when the request closes before its body ended: the client disconnected (or timed out). */
function brokeOffSignal(req: IncomingMessage): AbortSignal {
  const controller = new AbortController();
  const brokeOff = (): void => {
    if (!req.complete) controller.abort(new Error('the client disconnected before the file ended'));
  };
  if (req.destroyed) brokeOff();
  else req.once('close', brokeOff);
  return controller.signal;
}

/** The first file part named `file`; other parts are read past and ignored. */
function multipartFile(req: IncomingMessage, signal: AbortSignal): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    let parts: busboy.Busboy;
    try {
      parts = busboy({ headers: req.headers, limits: { fields: 20, fieldSize: 1024, parts: 50, headerPairs: 20 } });
    } catch (error) {
      reject(fileInvalid(`the multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    let found = false;
    parts.on('file', (name, stream, info) => {
      if (found || name !== IMPORT_FILE_FIELD) {
        stream.resume();
        return;
      }
      found = true;
      resolve({ bytes: stream, name: info.filename || null, signal });
    });
    // Before the file: the body is no multipart form. After it, the file stream fails too, and that ends the upload.
    parts.on('error', (error: Error) => reject(fileInvalid(`the multipart body cannot be read: ${error.message}`)));
    parts.on('close', () => reject(fileInvalid(`the multipart body has no file field "${IMPORT_FILE_FIELD}"`)));
    req.pipe(parts);
  });
}

/**
 * After the answer is decided: a body not read to its end is discarded rather than left on the
 * connection, which closes after the answer (the client may still be sending; curl and fetch read
 * an early answer and stop).
 */
export function discardUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return;
  if (!res.headersSent) res.setHeader('connection', 'close');
  req.unpipe();
  req.resume();
}
