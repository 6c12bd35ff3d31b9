export const MILESTONE_METRICS = ['units', 'revenue'] as const;
export type MilestoneMetric = (typeof MILESTONE_METRICS)[number];

/** A goal on a spiff or an assignment: reach `threshold` units or revenue, earn `reward_amount`. */
export interface Milestone {
  name: string;
  metric: MilestoneMetric;
  threshold: number;
  reward_amount: number;
}

/**
 * Payload of `milestone.achieved`, emitted when an assignment reaches a milestone: once per
 * assignment and milestone while it stands (again only after a return reversed it).
 */
export interface MilestoneAchievedPayload {
  achievement_id: string;
  partner_id: string;
  assignment_id: string;
  spiff_id: string | null;
  milestone: string;
  metric: MilestoneMetric;
  /** Decimal strings. */
  threshold: string;
  reward_amount: string;
  achieved_at: string;
}

/**
 * Payload of `milestone.reversed`: a return took the assignment's progress back below the threshold
 * of a milestone it had reached. The achievement no longer stands; the ledger takes its reward back.
 */
export interface MilestoneReversedPayload {
  /** The achievement reversed (the one `milestone.achieved` announced). */
  achievement_id: string;
  partner_id: string;
  assignment_id: string;
  spiff_id: string | null;
  milestone: string;
  metric: MilestoneMetric;
  /** Decimal strings. `progress` is the assignment's progress after the return, in the milestone's metric. */
  threshold: string;
  reward_amount: string;
  progress: string;
  /** The return that took the progress below the threshold, and its sale. */
  return_id: string;
  sale_id: string;
  reversed_at: string;
}

export interface MilestoneProgressView {
  assignment_id: string;
  spiff_id: string | null;
  spiff_name: string | null;
  milestone: string;
  metric: MilestoneMetric;
  progress: number;
  threshold: number;
  percent: number;
  achieved: boolean;
  achieved_at: string | null;
  reward_amount: number;
}
