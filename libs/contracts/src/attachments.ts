/** The types of proof of sale accepted, as their bytes show them (never as a name or header says). */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type AttachmentContentType = (typeof ATTACHMENT_TYPES)[number];

/** A proof of sale is at most 10 MB. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** How many leading bytes `sniffContentType` needs to decide. */
export const SNIFF_BYTES = 8;

/**
 * The magic numbers of the accepted types. Pure table, no library: `file-type` (the well-kept
 * choice) is ESM-only since v17 and this build is CommonJS; three signatures need no dependency.
 */
const SIGNATURES: Array<{ type: AttachmentContentType; magic: number[] }> = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];

/** The accepted type the bytes begin with, or null (an executable, a text, too few bytes…). */
export function sniffContentType(head: Uint8Array): AttachmentContentType | null {
  const match = SIGNATURES.find(({ magic }) => head.length >= magic.length && magic.every((byte, i) => head[i] === byte));
  return match?.type ?? null;
}

/**
 * Why a stored file's bytes are refused, or their sniffed type: the check each owning service makes
 * again where it stores an upload (the gateway sized and sniffed it already, on the way in). Proofs of
 * sale (fulfillment) and dispute attachments (commissions) take the same files.
 */
export function attachmentBytesVerdict(bytes: Uint8Array):
  | { ok: true; content_type: AttachmentContentType }
  | { ok: false; code: 'ATTACHMENT_TOO_LARGE' | 'ATTACHMENT_TYPE_REFUSED'; message: string } {
  if (bytes.length > ATTACHMENT_MAX_BYTES) return { ok: false, code: 'ATTACHMENT_TOO_LARGE', message: `file: must be at most ${ATTACHMENT_MAX_BYTES} bytes` };
  const type = bytes.length === 0 ? null : sniffContentType(bytes.subarray(0, 16));
  if (!type) return { ok: false, code: 'ATTACHMENT_TYPE_REFUSED', message: 'file: must be a PDF, PNG or JPEG (judged by its content)' };
  return { ok: true, content_type: type };
}

/** A proof of sale as the API answers it. */
export interface AttachmentView {
  id: string;
  sale_id: string;
  content_type: AttachmentContentType;
  size: number;
  sha256: string;
  created_at: string;
}

/** Fulfillment's `sale-attachments.add`: the bytes (base64) the gateway received, sized and sniffed already (checked again). */
export interface AddSaleAttachmentCommand {
  sale_id: string;
  content_base64: string;
}

export interface GetSaleAttachmentQuery {
  sale_id: string;
  attachment_id: string;
}

/** The attachment and its bytes (base64). */
export interface SaleAttachmentFile extends AttachmentView {
  content_base64: string;
}

/** Payload of `sale.attachment_added`. */
export interface SaleAttachmentAddedPayload {
  attachment_id: string;
  sale_id: string;
  partner_id: string;
  sha256: string;
  content_type: AttachmentContentType;
  size: number;
  added_at: string;
}

/**
 * A file a partner attached to one of its disputes (commissions keeps it, in its own object store).
 * Listed on the dispute's views; downloaded by the dispute's partner and admins.
 */
export interface DisputeAttachmentView {
  id: string;
  dispute_id: string;
  content_type: AttachmentContentType;
  size: number;
  sha256: string;
  created_at: string;
}

/** Commissions' `dispute-attachments.add`: the bytes (base64) the gateway received, sized and sniffed already (checked again). */
export interface AddDisputeAttachmentCommand {
  dispute_id: string;
  content_base64: string;
}

export interface GetDisputeAttachmentQuery {
  dispute_id: string;
  attachment_id: string;
}

/** The dispute's attachment and its bytes (base64). */
export interface DisputeAttachmentFile extends DisputeAttachmentView {
  content_base64: string;
}
