import type { CommissionView } from './commissions';

export const REVIEW_DECISIONS = ['approve', 'decline'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** A review's reason, like a rejection's, is at most this long. */
export const REVIEW_REASON_MAX_LENGTH = 2000;
/** At most this many lines per bulk review. */
export const REVIEW_BATCH_MAX = 500;

/** `POST /api/commissions/{id}/review` and its bulk form (`ids`): admin only. */
export interface ReviewCommand {
  ids: string[];
  decision: ReviewDecision;
  reason: string;
}

export interface ListReviewsQuery {
  status?: 'awaiting_review';
  spiff_id?: string;
  partner_id?: string;
  /** Lines waiting at least this many days. */
  min_age_days?: number;
  page: number;
  page_size: number;
}

export interface ReviewAttachment {
  id: string;
  content_type: string;
  size: number;
  sha256: string;
  added_at: string;
}

/** Another claim that looks like the same sale: same invoice by another partner, or the same file on another sale. */
export interface DuplicateFlag {
  kind: 'invoice' | 'attachment';
  /** The normalized invoice number, or the file's sha256. */
  key: string;
  other_sale_id: string;
  other_line_id: string | null;
  other_partner_id: string;
}

export interface ReviewItem {
  line: CommissionView;
  invoice_number: string | null;
  attachments: ReviewAttachment[];
  duplicates: DuplicateFlag[];
}

/**
 * An invoice number as duplicate detection compares it: trimmed, case-folded, and every character
 * that is not a letter or digit removed (`INV-001 ` and `inv 001` are the same invoice). Empty → null.
 */
export function normalizeInvoiceNumber(invoice: string | null | undefined): string | null {
  if (invoice === null || invoice === undefined) return null;
  const key = invoice.trim().toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  return key.length > 0 ? key : null;
}
