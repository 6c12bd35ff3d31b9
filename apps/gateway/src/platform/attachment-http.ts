import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableFile } from '@nestjs/common';
import { ATTACHMENT_TYPES, ErrorCode } from '@spiffworks/contracts';
import type { AttachmentContentType } from '@spiffworks/contracts';
import { discardUnreadBody } from '../imports/import-request';
import { receiveAttachment } from './attachment-upload';
import type { ErrorEntry } from './openapi';

/**
 * The HTTP side of a file on a sale (proof) or a dispute, the same for both: what an upload answers
 * when the file is refused, what a download sends.
 */

/** The refusals of an upload, whatever it is attached to. */
export const ATTACHMENT_UPLOAD_ERRORS: ErrorEntry[] = [
  [ErrorCode.IMPORT_FILE_INVALID, 'The multipart body is unreadable or has no field `file`.', 'the multipart body has no file field "file"'],
  [ErrorCode.ATTACHMENT_TOO_LARGE, 'The file is over 10 MB; nothing is stored.', 'file: must be at most 10 MB (10485760 bytes); nothing was stored'],
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'The body is not multipart/form-data.', 'content-type must be multipart/form-data (a file field "file"), not application/json'],
  [ErrorCode.ATTACHMENT_TYPE_REFUSED, 'The bytes are not a PDF, PNG or JPEG; nothing is stored.', 'file: must be a PDF, PNG or JPEG, judged by its content (not its name or header); nothing was stored'],
];

/** The body of a download, documented: the bytes, in one of the types a file may have. */
export const ATTACHMENT_DOWNLOAD_CONTENT = Object.fromEntries(ATTACHMENT_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]));

const EXTENSION: Record<AttachmentContentType, string> = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg' };

/**
 * Receives the file of an upload and hands its bytes (base64, as the RPC carries them) to `store`;
 * whatever the outcome, a body not read to its end is discarded.
 */
export async function storeUploadedAttachment<T>(req: IncomingMessage, res: ServerResponse, store: (contentBase64: string) => Promise<T>): Promise<T> {
  try {
    const file = await receiveAttachment(req);
    return await store(file.bytes.toString('base64'));
  } finally {
    discardUnreadBody(req, res);
  }
}

/** A stored file as a download named `<name>.<extension>`, with its hash, never sniffed again by the browser. */
export function attachmentDownload(res: ServerResponse, file: { content_base64: string; content_type: AttachmentContentType; sha256: string }, name: string): StreamableFile {
  res.setHeader('x-content-sha256', file.sha256);
  res.setHeader('x-content-type-options', 'nosniff');
  return new StreamableFile(Buffer.from(file.content_base64, 'base64'), {
    type: file.content_type,
    disposition: `attachment; filename="${name}.${EXTENSION[file.content_type]}"`,
  });
}
