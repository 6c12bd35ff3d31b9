import type { DisputeAttachmentView } from './attachments';

/**
 * A partner's dispute of one of its ledger lines. The disputed line is never edited: an admin
 * resolves the dispute `adjusted` (a new `adjustment` line books the difference) or `declined`.
 */
export const DISPUTE_STATUSES = ['open', 'resolved_adjusted', 'resolved_declined'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const DISPUTE_OUTCOMES = ['adjusted', 'declined'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

/** Bounds of the free texts: the partner's reason and the admin's answer. */
export const DISPUTE_TEXT_MAX_LENGTH = 2000;
/** The largest adjustment one resolution books, either way (money, to the cent). */
export const DISPUTE_ADJUSTMENT_LIMIT = 1_000_000;

export interface DisputeView {
  id: string;
  commission_id: string;
  partner_id: string;
  status: DisputeStatus;
  reason: string;
  /** The admin's answer; null while open. */
  answer: string | null;
  /** Money as a JSON number, exact to the cent; null unless resolved adjusted. */
  adjustment_amount: number | null;
  /** The adjustment line booked by the resolution; null unless resolved adjusted. */
  adjustment_line_id: string | null;
  opened_by: string;
  resolved_by: string | null;
  opened_at: string;
  resolved_at: string | null;
  /** The files the partner attached (optional), oldest first. */
  attachments: DisputeAttachmentView[];
}

export interface OpenDisputeCommand {
  commission_id: string;
  reason: string;
}

export interface ResolveDisputeCommand {
  id: string;
  outcome: DisputeOutcome;
  /** Required (non-zero) for `adjusted`; absent for `declined`. */
  adjustment_amount?: number;
  answer: string;
}

export interface ListDisputesQuery {
  status?: DisputeStatus;
  partner_id?: string;
  page: number;
  page_size: number;
}

/** Payload of `dispute.opened`. `spiff_ids`: the disputed line's spiffs, so analytics counts the dispute per spiff too. */
export interface DisputeOpenedPayload {
  dispute_id: string;
  commission_id: string;
  partner_id: string;
  spiff_ids: string[];
  reason: string;
}

/** Payload of `dispute.resolved`; `adjustment_amount` a decimal string, null when declined. */
export interface DisputeResolvedPayload {
  dispute_id: string;
  commission_id: string;
  partner_id: string;
  spiff_ids: string[];
  status: Exclude<DisputeStatus, 'open'>;
  adjustment_amount: string | null;
  adjustment_line_id: string | null;
  answer: string;
}
