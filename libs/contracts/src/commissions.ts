export const COMMISSION_STATUSES = ['pending', 'approved', 'paid', 'rejected', 'awaiting_review'] as const;
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number];

/**
 * Lines are never edited; every change of what is owed is a new line:
 * - `clawback`: negative, booked when a sale is returned (a share of the sale's line);
 * - `reward_clawback`: negative, takes a milestone reward back when a return un-reaches the milestone;
 * - `clawback_reversal`: positive, gives back an approved or paid clawback whose original line was rejected;
 * - `adjustment`: positive or negative, booked when an admin resolves a partner's dispute of a line "adjusted".
 */
export type CommissionKind = 'sale' | 'milestone_reward' | 'clawback' | 'reward_clawback' | 'clawback_reversal' | 'adjustment';

export interface SpiffApplied {
  spiff_id: string;
  name: string;
  bonus: number;
}

/** One ledger line as the API answers it. Money as JSON numbers, exact to the cent. */
export interface CommissionView {
  /** The id of the line's open dispute, null when none is open. */
  open_dispute_id?: string | null;
  id: string;
  kind: CommissionKind;
  partner_id: string;
  sale_id: string | null;
  product_id: string | null;
  milestone_achievement_id: string | null;
  return_id: string | null;
  sale_date: string | null;
  revenue: number;
  commission_amount: number;
  spiff_bonus: number;
  reward_amount: number;
  total_commission: number;
  spiffs_applied: SpiffApplied[];
  status: CommissionStatus;
  status_reason: string | null;
  payout_reference: string | null;
  trace: CommissionTrace;
  created_at: string;
  updated_at: string;
}

/** One move of a line through its lifecycle: who, when, from, to, why. */
export interface CommissionStatusChange {
  from_status: CommissionStatus | null;
  to_status: CommissionStatus;
  reason: string | null;
  changed_by: string | null;
  changed_at: string;
}

/** One ledger line with its status history, oldest change first. */
export type CommissionDetailView = CommissionView & { history: CommissionStatusChange[] };

/** How a line's amounts came about: enough to recompute them by hand. */
export interface CommissionTrace {
  tier?: string;
  commission_rate?: string;
  revenue?: string;
  quantity?: number;
  base_exact?: string;
  spiffs?: Array<{
    spiff_id: string;
    name: string;
    applied: boolean;
    reason: string;
    incentive_type: string;
    incentive_amount: string;
    bonus_exact: string;
    bonus: string;
    /** A budgeted spiff whose fund (or the partner's cap) granted less than the terms ask: requested, granted, why. */
    budget?: { requested: string; granted: string; reason: 'budget_exhausted' | 'partner_cap_reached' };
  }>;
  reward?: { milestone: string; metric: string; threshold: string; reward_amount: string };
  clawback?: { original_line_id: string; sold_quantity: number; returned_before: number; returned: number; method: string };
  /** On a `reward_clawback`: the reward line taken back, and the return that un-reached its milestone. */
  reward_clawback?: {
    original_line_id: string;
    achievement_id: string;
    milestone: string;
    metric: string;
    threshold: string;
    progress: string;
    return_id: string;
    sale_id: string;
  };
  /** On a `clawback_reversal`: the clawback it gives back, and the rejected line that made it owed to nobody. */
  reversal?: { reversed_line_id: string; rejected_line_id: string; reason: string };
  /** On an `adjustment`: the dispute it resolves, the line disputed, the partner's reason and the admin's answer. */
  adjustment?: { dispute_id: string; disputed_line_id: string; reason: string; answer: string; adjustment_amount: string };
  rounding: string;
}

/** Payload of every `commission.*` event: the line after the change, and the status before it. */
export interface CommissionChangedPayload {
  commission_id: string;
  kind: CommissionKind;
  partner_id: string;
  /**
   * The partner's tier at the sale, on a sale's line and its clawbacks; null on a milestone reward.
   * Absent from events published before it was added (consumers then look the sale up).
   */
  tier?: string | null;
  sale_id: string | null;
  return_id: string | null;
  sale_date: string | null;
  product_id: string | null;
  /** Decimal strings. `revenue` is the sale's (0 for a reward). */
  revenue: string;
  commission_amount: string;
  spiff_bonus: string;
  reward_amount: string;
  total_commission: string;
  spiff_bonuses: Array<{ spiff_id: string; bonus: string }>;
  previous_status: CommissionStatus | null;
  status: CommissionStatus;
}

/** Payload of `commissions.recorded`: the lines one `sales.logged` booked, each as `commission.recorded` carries it. */
export interface CommissionsRecordedPayload {
  lines: CommissionChangedPayload[];
}

export interface ListCommissionsQuery {
  partner_id?: string;
  status?: CommissionStatus;
  spiff_id?: string;
  from?: string;
  to?: string;
  page: number;
  page_size: number;
}

/** What the payout file selects: the list's filters, without paging. */
export type CommissionFilters = Omit<ListCommissionsQuery, 'page' | 'page_size'>;

/** The payout file's columns, in order. */
export const COMMISSION_EXPORT_COLUMNS = [
  'commission_id', 'partner_id', 'kind', 'sale_id', 'sale_date', 'revenue', 'commission_amount', 'spiff_bonus',
  'reward_amount', 'total_commission', 'status', 'payout_reference', 'created_at',
] as const;

/** Where a page of the payout file ended: the next starts after this line (oldest first, by created_at then id). */
export interface CommissionExportCursor {
  /** The line's created_at as the database writes it (microseconds), so no line is skipped or repeated. */
  created_at: string;
  id: string;
}

/** One page of the payout file: the gateway asks page after page and streams them, so no message holds the whole file. */
export interface CommissionExportPageQuery extends CommissionFilters {
  after: CommissionExportCursor | null;
  limit: number;
}

export interface CommissionExportPage {
  /** CSV records without the header, each ended by `\n`; empty when no line is left. */
  csv: string;
  lines: number;
  /** Null on the last page. */
  next: CommissionExportCursor | null;
}

export interface CommissionTransitionCommand {
  ids: string[];
  payout_reference?: string;
  reason?: string;
}
