export const MILESTONE_METRICS = ['units', 'revenue'] as const;
export type MilestoneMetric = (typeof MILESTONE_METRICS)[number];

/** A goal on a spiff or an assignment: reach `threshold` units or revenue, earn `reward_amount`. */
export interface Milestone {
  name: string;
  metric: MilestoneMetric;
  threshold: number;
  reward_amount: number;
}

/** Payload of `milestone.achieved`, emitted once per assignment and milestone. */
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
