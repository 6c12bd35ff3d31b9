import type { Milestone } from './milestones';
import type { PartnerTier } from './partners';

export const SPIFF_ASSIGNMENT_TYPES = ['tier', 'individual'] as const;
export type SpiffAssignmentType = (typeof SPIFF_ASSIGNMENT_TYPES)[number];

export const INCENTIVE_TYPES = ['fixed', 'percentage'] as const;
export type IncentiveType = (typeof INCENTIVE_TYPES)[number];

export type SpiffStatus = 'active' | 'cancelled';

/** The seed's `POST /api/spiffs` body. Dates are calendar dates (YYYY-MM-DD), inclusive. */
export interface CreateSpiffCommand {
  name: string;
  description?: string;
  target_products: string[];
  assignment_type: SpiffAssignmentType;
  target_tiers?: PartnerTier[];
  target_partners?: string[];
  incentive_amount: number;
  incentive_type: IncentiveType;
  start_date: string;
  end_date: string;
  milestones?: Milestone[];
  /** The fund: Σ spiff bonuses granted never exceeds it (money, to the cent). Absent: unbudgeted. */
  budget_amount?: number;
  /** At most this much bonus per partner from the fund (≤ budget_amount). */
  per_partner_cap?: number;
  /** Sales covered by this spiff wait for an admin's review of their proof of sale (`awaiting_review`). */
  proof_required?: boolean;
}

export interface SpiffView {
  id: string;
  name: string;
  description: string | null;
  target_products: string[];
  assignment_type: SpiffAssignmentType;
  target_tiers: PartnerTier[];
  target_partners: string[];
  incentive_amount: number;
  incentive_type: IncentiveType;
  start_date: string;
  end_date: string;
  status: SpiffStatus;
  /** The UTC date it was cancelled on; sales dated after it earn no bonus from it. */
  cancelled_on: string | null;
  milestones: Milestone[];
  /** The fund and the per-partner cap; null when the spiff has none. */
  budget_amount: number | null;
  per_partner_cap: number | null;
  /** Counts budget changes: fulfillment applies a snapshot's budget only when it is not older than its own. */
  budget_version: number;
  proof_required: boolean;
  created_by: string;
  created_at: string;
}

/** `GET /api/spiffs/{id}`: the spiff with the state of its fund (null without a budget). */
export interface SpiffDetailView extends SpiffView {
  budget: SpiffBudgetState | null;
}

/** A spiff fund as fulfillment holds it. Money as numbers at the edge, decimal strings inside. */
export interface SpiffBudgetState {
  amount: number;
  per_partner_cap: number | null;
  /** Σ bonus granted by sales, less what returns and rejected lines gave back. */
  committed: number;
  remaining: number;
  /** The day the fund runs out at the last 7 days' burn rate; null when nothing burned in them. */
  forecast_exhausted_on: string | null;
}

/** Fulfillment's RPC: lower a fund (or its cap) at once, refused when below what is committed. */
export interface LowerSpiffBudgetCommand {
  spiff_id: string;
  /** Decimal strings. */
  amount: string;
  per_partner_cap: string | null;
  budget_version: number;
}

/** `spiff.budget_threshold`: a fund's committed bonus reached 80 % or 100 % of it (once each). */
export interface SpiffBudgetThresholdPayload {
  spiff_id: string;
  threshold: 80 | 100;
  /** Decimal strings. */
  amount: string;
  committed: string;
  reached_at: string;
}

/** `PATCH /api/spiffs/{id}`: a running spiff may be extended, and gain products and targets, never lose them. */
export interface UpdateSpiffCommand {
  id: string;
  name?: string;
  description?: string;
  end_date?: string;
  target_products?: string[];
  target_tiers?: PartnerTier[];
  target_partners?: string[];
  /** Raised freely; lowered never below what is committed (BUDGET_BELOW_COMMITTED). */
  budget_amount?: number;
  per_partner_cap?: number;
  proof_required?: boolean;
}

/**
 * Payload of `spiff.*` events. Fields added later are absent from events published before them:
 * the budget ones (no fund) and `proof_required` (false).
 */
export type SpiffSnapshot = Omit<SpiffView, 'created_at' | 'budget_amount' | 'per_partner_cap' | 'budget_version' | 'proof_required'>
  & Partial<Pick<SpiffView, 'budget_amount' | 'per_partner_cap' | 'budget_version' | 'proof_required'>>;
