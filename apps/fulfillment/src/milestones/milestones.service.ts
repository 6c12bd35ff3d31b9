import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { Events, ErrorCode } from '@spiffworks/contracts';
import type { Actor, MilestoneAchievedPayload, MilestoneProgressView, MilestoneReversedPayload } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { numberToDecimal } from '@spiffworks/persistence';
import type { Transaction } from '@spiffworks/runtime';
import { AssignmentsRepository } from '../assignments/assignments.repository';
import type { RemainingProgress } from '../assignments/assignments.repository';
import type { ReachedMilestone } from '../sales/sale-rule';
import { SpiffTermsRepository } from '../replicas/spiff-terms.repository';
import { MilestoneAchievementsRepository } from './milestone-achievements.repository';
import type { StandingAchievement } from './milestone-achievements.repository';
import { achievementsLost, percentReached, progressToward } from './milestone-progress';

/** The return that took progress back, named on each achievement it reverses. */
export interface ReversingReturn {
  return_id: string;
  sale_id: string;
}

@Injectable()
export class MilestonesService {
  constructor(
    private readonly achievements: MilestoneAchievementsRepository,
    private readonly assignments: AssignmentsRepository,
    private readonly spiffs: SpiffTermsRepository,
  ) {}

  /**
   * Records the milestones sales reached (the sale rule found none of them standing, under the
   * assignments' locks); answers the `milestone.achieved` payload of each, in order, for the caller
   * to publish beside the sale that reached it. `at` is the transaction's time.
   */
  async recordReached(tx: Transaction, reached: ReachedMilestone[], at: Date): Promise<MilestoneAchievedPayload[]> {
    const achievements = reached.map(({ assignment, milestone }) => ({
      id: randomUUID(),
      assignment_id: assignment.id,
      milestone_name: milestone.name,
      partner_id: assignment.partner_id,
      spiff_id: assignment.spiff_id,
      metric: milestone.metric,
      threshold: numberToDecimal(milestone.threshold),
      reward_amount: new Decimal(numberToDecimal(milestone.reward_amount)).toFixed(2),
    }));
    await this.achievements.insertReached(tx.manager, achievements);
    return achievements.map(({ id, assignment_id, milestone_name, ...terms }) => ({
      achievement_id: id, assignment_id, milestone: milestone_name, ...terms, achieved_at: at.toISOString(),
    }));
  }

  /** `assignment_id/milestone_name` of the achievements standing on the assignments (their locks held). */
  async standingKeys(tx: Transaction, assignmentIds: string[]): Promise<Set<string>> {
    if (assignmentIds.length === 0) return new Set();
    const standing = await this.achievements.standingOn(tx.manager, assignmentIds);
    return new Set(standing.map((a) => `${a.assignment_id}/${a.milestone_name}`));
  }

  /**
   * Reverses each standing achievement the assignments' progress, after a return, now falls below:
   * it is marked reversed by the return and `milestone.reversed` goes out, so the ledger takes the
   * reward back. Reaching the threshold again records a new achievement (and a new reward). The
   * caller holds the assignments' row locks, under which alone standing achievements change.
   */
  async reverseLost(tx: Transaction, remaining: RemainingProgress[], cause: ReversingReturn): Promise<void> {
    if (remaining.length === 0) return;
    const standing = await this.achievements.standingOn(tx.manager, remaining.map((a) => a.id));
    for (const assignment of remaining) {
      const progress = { units: assignment.actual_quantity, revenue: assignment.actual_revenue };
      const lost = achievementsLost(standing.filter((a) => a.assignment_id === assignment.id), progress);
      for (const achievement of lost) await this.reverseAchievement(tx, achievement, progressToward(achievement, progress), cause);
    }
  }

  private async reverseAchievement(tx: Transaction, achievement: StandingAchievement, progress: Decimal, cause: ReversingReturn): Promise<void> {
    const reversedAt = await this.achievements.reverse(tx.manager, achievement.id, cause.return_id);
    if (!reversedAt) return;
    const payload: MilestoneReversedPayload = {
      achievement_id: achievement.id,
      partner_id: achievement.partner_id,
      assignment_id: achievement.assignment_id,
      spiff_id: achievement.spiff_id,
      milestone: achievement.milestone_name,
      metric: achievement.metric,
      threshold: new Decimal(achievement.threshold).toString(),
      reward_amount: new Decimal(achievement.reward_amount).toFixed(2),
      progress: achievement.metric === 'units' ? progress.toFixed(0) : progress.toFixed(2),
      return_id: cause.return_id,
      sale_id: cause.sale_id,
      reversed_at: new Date(reversedAt).toISOString(),
    };
    tx.publish(Events.MilestoneReversed, payload);
  }

  /** The partner's milestones on every assignment that has some, with how far each has come. */
  async myProgress(actor: Actor): Promise<{ milestones: MilestoneProgressView[] }> {
    if (!actor.partner_id) throw new ServiceFailure(ErrorCode.PARTNER_USER_REQUIRED, 'only a partner user has milestone progress');
    const assignments = await this.assignments.withMilestonesOfPartner(actor.partner_id);
    const ids = assignments.map((a) => a.id);
    const spiffIds = assignments.flatMap((a) => (a.spiff_id ? [a.spiff_id] : []));
    const [achievements, spiffs] = await Promise.all([this.achievements.standingFor(ids), this.spiffs.namesByIds(spiffIds)]);
    const achievedAt = new Map(achievements.map((a) => [`${a.assignment_id}/${a.milestone_name}`, a.achieved_at]));
    const spiffName = new Map(spiffs.map((s) => [s.id, s.name]));
    return {
      milestones: assignments.flatMap((a) =>
        a.milestones.map((m) => {
          const progress = { units: a.actual_quantity, revenue: a.actual_revenue };
          const at = achievedAt.get(`${a.id}/${m.name}`);
          return {
            assignment_id: a.id,
            spiff_id: a.spiff_id,
            spiff_name: a.spiff_id ? (spiffName.get(a.spiff_id) ?? null) : null,
            milestone: m.name,
            metric: m.metric,
            progress: progressToward(m, progress).toNumber(),
            threshold: m.threshold,
            percent: percentReached(m, progress),
            achieved: Boolean(at),
            achieved_at: at ? new Date(at).toISOString() : null,
            reward_amount: m.reward_amount,
          };
        }),
      ),
    };
  }
}
