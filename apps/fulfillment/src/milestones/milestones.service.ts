import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { DataSource, In, Not } from 'typeorm';
import { Events } from '@spiffworks/contracts';
import type { Actor, Milestone, MilestoneAchievedPayload, MilestoneProgressView } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { numberToDecimal } from '@spiffworks/persistence';
import type { Transaction } from '@spiffworks/runtime';
import { Assignment } from '../assignments/assignment.entity';
import { SpiffTerms } from '../replicas/spiff-terms.entity';
import { MilestoneAchievement } from './milestone-achievement.entity';
import { milestonesReached, percentReached, progressToward } from './milestone-progress';

interface ProgressedAssignment {
  id: string;
  partner_id: string;
  spiff_id: string | null;
  actual_quantity: number;
  actual_revenue: string;
  milestones: Milestone[];
}

@Injectable()
export class MilestonesService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds a sale to the progress of every assignment it qualifies for, and records each milestone
   * this makes reached; `milestone.achieved` goes out once per assignment and milestone, ever.
   */
  async addSaleToProgress(tx: Transaction, assignmentIds: string[], quantity: number, revenue: string): Promise<void> {
    const progressed: ProgressedAssignment[] = await tx.manager.query(
      // Wrapped in a CTE: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
      `WITH progressed AS (
         UPDATE assignments SET actual_quantity = actual_quantity + $2, actual_revenue = actual_revenue + $3
         WHERE id = ANY ($1::uuid[])
         RETURNING id, partner_id, spiff_id, actual_quantity, actual_revenue, milestones)
       SELECT * FROM progressed`,
      [assignmentIds, quantity, revenue],
    );
    for (const assignment of progressed) {
      const reached = milestonesReached(assignment.milestones, { units: assignment.actual_quantity, revenue: assignment.actual_revenue });
      for (const milestone of reached) await this.recordAchievement(tx, assignment, milestone);
    }
  }

  private async recordAchievement(tx: Transaction, assignment: ProgressedAssignment, milestone: Milestone): Promise<void> {
    const rows: Array<{ id: string; achieved_at: Date }> = await tx.manager.query(
      `INSERT INTO milestone_achievements (id, assignment_id, milestone_name, partner_id, spiff_id, metric, threshold, reward_amount, achieved_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (assignment_id, milestone_name) DO NOTHING
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

  /** The partner's milestones on every assignment that has some, with how far each has come. */
  async myProgress(actor: Actor): Promise<{ milestones: MilestoneProgressView[] }> {
    if (!actor.partner_id) throw ServiceFailure.forbidden('only a partner user has milestone progress');
    const assignments = await this.dataSource.getRepository(Assignment).find({
      where: { partner_id: actor.partner_id, milestones: Not('[]') as never },
      order: { created_at: 'DESC', id: 'ASC' },
    });
    const ids = assignments.map((a) => a.id);
    const spiffIds = assignments.flatMap((a) => (a.spiff_id ? [a.spiff_id] : []));
    const [achievements, spiffs] = await Promise.all([
      this.dataSource.getRepository(MilestoneAchievement).findBy({ assignment_id: In(ids) }),
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
