import Decimal from 'decimal.js';
import type { Milestone, MilestoneMetric } from '@spiffworks/contracts';

export interface AssignmentProgress {
  /** A bigint column: a number through the entity, its decimal string through raw SQL. */
  units: number | string;
  /** Decimal string. */
  revenue: string;
}

/** How far an assignment is toward a milestone, in the milestone's own metric. */
export function progressToward(milestone: { metric: MilestoneMetric }, progress: AssignmentProgress): Decimal {
  return milestone.metric === 'units' ? new Decimal(progress.units) : new Decimal(progress.revenue);
}

/** The milestones the progress has reached (threshold met or passed). */
export function milestonesReached(milestones: Milestone[], progress: AssignmentProgress): Milestone[] {
  return milestones.filter((m) => progressToward(m, progress).greaterThanOrEqualTo(m.threshold));
}

/** Percent of the threshold reached, capped at 100, to two decimals. */
export function percentReached(milestone: Milestone, progress: AssignmentProgress): number {
  const percent = progressToward(milestone, progress).times(100).dividedBy(milestone.threshold);
  return Decimal.min(percent, 100).toDecimalPlaces(2, Decimal.ROUND_DOWN).toNumber();
}

/** A milestone as an achievement recorded it: its metric and threshold when it was reached. */
export interface ReachedThreshold {
  metric: MilestoneMetric;
  /** Decimal string. */
  threshold: string;
}

/**
 * The standing achievements the progress no longer reaches (now below the threshold), judged by
 * the threshold each was reached at, so a later edit of the milestone does not change the verdict.
 */
export function achievementsLost<A extends ReachedThreshold>(standing: A[], progress: AssignmentProgress): A[] {
  return standing.filter((a) => progressToward(a, progress).lessThan(a.threshold));
}
