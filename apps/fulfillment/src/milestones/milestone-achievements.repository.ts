import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { Milestone, MilestoneMetric } from '@spiffworks/contracts';
import { numberToDecimal } from '@spiffworks/persistence';
import { MilestoneAchievement } from './milestone-achievement.entity';

/** Who reached a milestone: the assignment and whose it is. */
export interface AchievingAssignment {
  id: string;
  partner_id: string;
  spiff_id: string | null;
}

/** A standing (not reversed) achievement, as a return weighs it. */
export interface StandingAchievement {
  id: string;
  assignment_id: string;
  milestone_name: string;
  partner_id: string;
  spiff_id: string | null;
  metric: MilestoneMetric;
  threshold: string;
  reward_amount: string;
}

/**
 * Every statement on `milestone_achievements`. A standing achievement only changes under its
 * assignment's row lock, which the caller holds for the statements taking a manager.
 */
@Injectable()
export class MilestoneAchievementsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records the milestone as reached, unless it already stands; answers the new row, or null. */
  async recordUnlessStanding(
    manager: EntityManager,
    assignment: AchievingAssignment,
    milestone: Milestone,
  ): Promise<{ id: string; achieved_at: Date } | null> {
    const rows: Array<{ id: string; achieved_at: Date }> = await manager.query(
      `INSERT INTO milestone_achievements (id, assignment_id, milestone_name, partner_id, spiff_id, metric, threshold, reward_amount, achieved_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (assignment_id, milestone_name) WHERE reversed_at IS NULL DO NOTHING
       RETURNING id, achieved_at`,
      [assignment.id, milestone.name, assignment.partner_id, assignment.spiff_id, milestone.metric,
        numberToDecimal(milestone.threshold), numberToDecimal(milestone.reward_amount)],
    );
    return rows[0] ?? null;
  }

  /** The standing achievements of these assignments, in id order. */
  standingOn(manager: EntityManager, assignmentIds: string[]): Promise<StandingAchievement[]> {
    return manager.query(
      `SELECT id, assignment_id, milestone_name, partner_id, spiff_id, metric, threshold, reward_amount
       FROM milestone_achievements WHERE assignment_id = ANY ($1::uuid[]) AND reversed_at IS NULL ORDER BY id`,
      [assignmentIds],
    );
  }

  /** Marks the achievement reversed by the return, unless it already is; answers when, or null. */
  async reverse(manager: EntityManager, achievementId: string, returnId: string): Promise<Date | null> {
    const rows: Array<{ reversed_at: Date }> = await manager.query(
      // Wrapped in a SELECT: a bare UPDATE … RETURNING answers [rows, count] through TypeORM.
      `WITH reversed AS (
         UPDATE milestone_achievements SET reversed_at = now(), reversed_by_return_id = $2
         WHERE id = $1 AND reversed_at IS NULL RETURNING reversed_at)
       SELECT * FROM reversed`,
      [achievementId, returnId],
    );
    return rows[0]?.reversed_at ?? null;
  }

  /** The standing achievements of these assignments, for showing progress. */
  standingFor(assignmentIds: string[]): Promise<MilestoneAchievement[]> {
    return this.dataSource.getRepository(MilestoneAchievement).findBy({ assignment_id: In(assignmentIds), reversed_at: IsNull() });
  }
}
