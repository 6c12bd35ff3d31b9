import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { Events, ErrorCode } from '@spiffworks/contracts';
import type { Actor, Milestone, MilestoneAchievedPayload, MilestoneMetric, MilestoneProgressView, MilestoneReversedPayload } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { numberToDecimal } from '@spiffworks/persistence';
import type { Transaction } from '@spiffworks/runtime';
import { Assignment } from '../assignments/assignment.entity';
import { SpiffTerms } from '../replicas/spiff-terms.entity';
import { MilestoneAchievement } from './milestone-achievement.entity';
import { achievementsLost, milestonesReached, percentReached, progressToward } from './milestone-progress';

interface ProgressedAssignment {
  id: string;
  partner_id: string;
  spiff_id: string | null;
  actual_quantity: number;
  actual_revenue: string;
  milestones: Milestone[];
}

/** Units and revenue a return takes back from the assignments its sale counted toward. */
export interface ReturnedUnits {
  return_id: string;
  sale_id: string;
  assignment_ids: string[];
  quantity: number;
  /** Decimal string. */
  revenue: string;
}

interface StandingAchievement {
  id: string;
  assignment_id: string;
  milestone_name: string;
  partner_id: string;
  spiff_id: string | null;
  metric: MilestoneMetric;
  threshold: string;
  reward_amount: string;
}

export interface CoveredSale {
  partner_id: string;
  product_id: string;
  sale_date: string;
  quantity: number;
  revenue: string;
}

@Injectable()
export class MilestonesService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds a sale to the progress of the partner's active assignments that hold the product and
   * cover the sale date — locked in id order, so concurrent sales of one partner queue instead of
   * deadlocking — and records each milestone this makes reached (`milestone.achieved` goes out once
   * per assignment and milestone while it stands). Answers the assignments' ids: none means not covered.
   */
  async addSaleToCoveringAssignments(tx: Transaction, sale: CoveredSale): Promise<string[]> {
    const progressed: ProgressedAssignment[] = await tx.manager.query(
      `WITH covering AS (
         SELECT id FROM assignments
         WHERE partner_id = $1 AND status = 'active' AND $2 = ANY (product_ids) AND start_date <= $3 AND end_date >= $3
         ORDER BY id FOR UPDATE),
       progressed AS (
         UPDATE assignments a SET actual_quantity = a.actual_quantity + $4, actual_revenue = a.actual_revenue + $5
         FROM covering WHERE a.id = covering.id
         RETURNING a.id, a.partner_id, a.spiff_id, a.actual_quantity, a.actual_revenue, a.milestones)
       SELECT * FROM progressed ORDER BY id`,
      [sale.partner_id, sale.product_id, sale.sale_date, sale.quantity, sale.revenue],
    );
    for (const assignment of progressed) {
      const reached = milestonesReached(assignment.milestones, { units: assignment.actual_quantity, revenue: assignment.actual_revenue });
      for (const milestone of reached) await this.recordAchievement(tx, assignment, milestone);
    }
    return progressed.map((a) => a.id);
  }

  private async recordAchievement(tx: Transaction, assignment: ProgressedAssignment, milestone: Milestone): Promise<void> {
    const rows: Array<{ id: string; achieved_at: Date }> = await tx.manager.query(
      `INSERT INTO milestone_achievements (id, assignment_id, milestone_name, partner_id, spiff_id, metric, threshold, reward_amount, achieved_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (assignment_id, milestone_name) WHERE reversed_at IS NULL DO NOTHING
       RETURNING id, achieved_at`,
      [assignment.id, milestone.name, assignment.partner_id, assignment.spiff_id, milestone.metric,
        numberToDecimal(milestone.threshold), numberToDecimal(milestone.reward_amount)],
    );
    if (rows.length === 0) return;
    const payload: MilestoneAchievedPayload = {
      achievement_id: rows[0].id,
      partner_id: assignment.partner_id,
      assignment_id: assignment.id,
      spiff_id: assignment.spiff_id,
      milestone: milestone.name,
      metric: milestone.metric,
      threshold: numberToDecimal(milestone.threshold),
      reward_amount: new Decimal(numberToDecimal(milestone.reward_amount)).toFixed(2),
      achieved_at: new Date(rows[0].achieved_at).toISOString(),
    };
    tx.publish(Events.MilestoneAchieved, payload);
  }

  /**
   * Takes a return's units and revenue back from the progress of the assignments its sale counted
   * toward — locked in id order like a sale's, so a return and a sale of one partner queue instead
   * of deadlocking — and reverses each standing achievement the progress now falls below: it is
   * marked reversed by this return and `milestone.reversed` goes out, so the ledger takes the reward
   * back. Reaching the threshold again records a new achievement (and a new reward).
   */
  async takeReturnFromAssignments(tx: Transaction, returned: ReturnedUnits): Promise<void> {
    const progressed: Array<{ id: string; actual_quantity: number; actual_revenue: string }> = await tx.manager.query(
      `WITH counted AS (SELECT id FROM assignments WHERE id = ANY ($1::uuid[]) ORDER BY id FOR UPDATE),
       progressed AS (
         UPDATE assignments a SET actual_quantity = a.actual_quantity - $2, actual_revenue = a.actual_revenue - $3
         FROM counted WHERE a.id = counted.id
         RETURNING a.id, a.actual_quantity, a.actual_revenue)
       SELECT * FROM progressed ORDER BY id`,
      [returned.assignment_ids, returned.quantity, returned.revenue],
    );
    if (progressed.length === 0) return;
    // Standing achievements only change under their assignment's row lock, taken just above.
    const standing: StandingAchievement[] = await tx.manager.query(
      `SELECT id, assignment_id, milestone_name, partner_id, spiff_id, metric, threshold, reward_amount
       FROM milestone_achievements WHERE assignment_id = ANY ($1::uuid[]) AND reversed_at IS NULL ORDER BY id`,
      [progressed.map((a) => a.id)],
    );
    for (const assignment of progressed) {
      const progress = { units: assignment.actual_quantity, revenue: assignment.actual_revenue };
      const lost = achievementsLost(standing.filter((a) => a.assignment_id === assignment.id), progress);
      for (const achievement of lost) await this.reverseAchievement(tx, achievement, progressToward(achievement, progress), returned);
    }
  }

  private async reverseAchievement(tx: Transaction, achievement: StandingAchievement, progress: Decimal, returned: ReturnedUnits): Promise<void> {
    const rows: Array<{ reversed_at: Date }> = await tx.manager.query(
      // Wrapped in a SELECT: a bare UPDATE … RETURNING answers [rows, count] through TypeORM.
      `WITH reversed AS (
         UPDATE milestone_achievements SET reversed_at = now(), reversed_by_return_id = $2
         WHERE id = $1 AND reversed_at IS NULL RETURNING reversed_at)
       SELECT * FROM reversed`,
      [achievement.id, returned.return_id],
    );
    if (rows.length === 0) return;
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
      return_id: returned.return_id,
      sale_id: returned.sale_id,
      reversed_at: new Date(rows[0].reversed_at).toISOString(),
    };
    tx.publish(Events.MilestoneReversed, payload);
  }

  /** The partner's milestones on every assignment that has some, with how far each has come. */
  async myProgress(actor: Actor): Promise<{ milestones: MilestoneProgressView[] }> {
    if (!actor.partner_id) throw new ServiceFailure(ErrorCode.PARTNER_USER_REQUIRED, 'only a partner user has milestone progress');
    const assignments = await this.dataSource.getRepository(Assignment).find({
      where: { partner_id: actor.partner_id, milestones: Not('[]') as never },
      order: { created_at: 'DESC', id: 'ASC' },
    });
    const ids = assignments.map((a) => a.id);
    const spiffIds = assignments.flatMap((a) => (a.spiff_id ? [a.spiff_id] : []));
    const [achievements, spiffs] = await Promise.all([
      this.dataSource.getRepository(MilestoneAchievement).findBy({ assignment_id: In(ids), reversed_at: IsNull() }),
      this.dataSource.getRepository(SpiffTerms).find({ select: { id: true, name: true }, where: { id: In(spiffIds) } }),
    ]);
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
