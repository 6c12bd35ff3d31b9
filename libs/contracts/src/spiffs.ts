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
  proof_required: boolean;
  created_by: string;
  created_at: string;
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
  proof_required?: boolean;
}

/** Payload of `spiff.*` events; `proof_required` is absent from events published before the flag existed (false). */
export type SpiffSnapshot = Omit<SpiffView, 'created_at' | 'proof_required'> & { proof_required?: boolean };
