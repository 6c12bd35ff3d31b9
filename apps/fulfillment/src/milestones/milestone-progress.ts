import Decimal from 'decimal.js';
import type { Milestone } from '@spiffworks/contracts';

export interface AssignmentProgress {
  units: number;
  /** Decimal string. */
  revenue: string;
}

/** How far an assignment is toward a milestone, in the milestone's own metric. */
export function progressToward(milestone: Milestone, progress: AssignmentProgress): Decimal {
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
