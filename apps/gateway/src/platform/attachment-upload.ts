import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, ErrorCode, SNIFF_BYTES, sniffContentType } from '@spiffworks/contracts';
import type { AttachmentContentType } from '@spiffworks/contracts';
import { problem } from './http-errors';
import type { StreamedBodyRoute } from './request-body';
import { uploadedFile } from '../imports/import-request';

/**
 * Uploads of a file (multipart, field `file`: a PDF, PNG or JPEG ≤ 10 MB), read as a stream: proofs
 * of sale and dispute attachments take the same files, received the same way.
 */

/** `POST /api/fulfillment/sales/{id}/attachments` reads its own body (multipart, field `file`), as a stream. */
export const SALE_ATTACHMENT_UPLOAD: StreamedBodyRoute = {
  method: 'POST',
  path: '/api/fulfillment/sales/{id}/attachments',
  pattern: /^\/api\/fulfillment\/sales\/[^/]+\/attachments$/,
  mediaTypes: ['multipart/form-data'],
};

/** `POST /api/disputes/{id}/attachments`: the same, for a file on a dispute. */
export const DISPUTE_ATTACHMENT_UPLOAD: StreamedBodyRoute = {
  method: 'POST',
  path: '/api/disputes/{id}/attachments',
  pattern: /^\/api\/disputes\/[^/]+\/attachments$/,
  mediaTypes: ['multipart/form-data'],
};

/** Room for the multipart boundary and part headers around a file of the largest size. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

export interface ReceivedFile {
  bytes: Buffer;
  content_type: AttachmentContentType;
}

export const tooLarge = () => problem(ErrorCode.ATTACHMENT_TOO_LARGE, `file: must be at most 10 MB (${ATTACHMENT_MAX_BYTES} bytes); nothing was stored`);
export const refusedType = () =>
  problem(ErrorCode.ATTACHMENT_TYPE_REFUSED, `file: must be a PDF, PNG or JPEG, judged by its content (not its name or header); nothing was stored`);

/**
 * Reads an attached file (a proof of sale, a dispute's file) from a stream: its type sniffed from its first bytes (refused at once when
 * they are no PDF, PNG or JPEG, before the rest is read), and never more than `maxBytes` kept —
 * one byte over and it is refused (413). Resolves with the bytes and their type.
 */
export function readAttachment(stream: Readable, maxBytes = ATTACHMENT_MAX_BYTES): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let type: AttachmentContentType | null = null;
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      stream.resume(); // read past the rest: the answer is decided
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) return fail(tooLarge());
      chunks.push(chunk);
      if (type === null && size >= SNIFF_BYTES) {
        type = sniffContentType(Buffer.concat(chunks).subarray(0, SNIFF_BYTES));
        if (type === null) fail(refusedType());
      }
    });
    stream.on('limit', () => fail(tooLarge())); // busboy's own fileSize limit
    stream.on('error', (error: Error) => fail(error));
    stream.on('end', () => {
      if (settled) return;
      const bytes = Buffer.concat(chunks);
      const sniffed = type ?? sniffContentType(bytes);
      if (!sniffed || !ATTACHMENT_TYPES.includes(sniffed)) return fail(refusedType());
      settled = true;
      resolve({ bytes, content_type: sniffed });
    });
  });
}

/** The `file` part of a multipart upload, read as `readAttachment` reads it. A body the Content-Length shows too large is a 413 before anything is read. */
export async function receiveAttachment(req: IncomingMessage): Promise<ReceivedFile> {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== 'multipart/form-data') {
    throw problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `content-type must be multipart/form-data (a file field "file")${mediaType ? `, not ${mediaType}` : ''}`);
  }
  if (Number(req.headers['content-length'] ?? 0) > ATTACHMENT_MAX_BYTES + MULTIPART_OVERHEAD_BYTES) throw tooLarge();
  try {
    const file = await uploadedFile(req, ATTACHMENT_MAX_BYTES + MULTIPART_OVERHEAD_BYTES);
    return await readAttachment(file.bytes as Readable);
  } catch (error) {
    await bodyEnd(req);
    throw error;
  }
}

/**
 * Resolves once the client has sent the whole body, reading past what is left. Only a body whose
 * Content-Length is known (and was checked above) is waited for: answering it early would close
 * the connection while the client still sends, and a client cut off mid-send (EPIPE) never reads
 * the 413 or 415. A body of unknown length is not waited for; the connection closes after the answer.
 */
export function bodyEnd(req: IncomingMessage): Promise<void> {
  if (req.complete || req.destroyed || req.headers['content-length'] === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    req.once('end', resolve);
    req.once('close', resolve);
    req.resume();
  });
}
