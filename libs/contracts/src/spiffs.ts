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
}

/** Payload of `spiff.*` events. */
export type SpiffSnapshot = Omit<SpiffView, 'created_at'>;
