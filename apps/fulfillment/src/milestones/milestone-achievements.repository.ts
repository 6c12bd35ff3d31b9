import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { MilestoneMetric } from '@spiffworks/contracts';
import { MilestoneAchievement } from './milestone-achievement.entity';

/** A milestone reached, as it is recorded. Amounts as decimal strings. */
export interface ReachedAchievement {
  id: string;
  assignment_id: string;
  milestone_name: string;
  partner_id: string;
  spiff_id: string | null;
  metric: MilestoneMetric;
  threshold: string;
  reward_amount: string;
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

  /**
   * Records the milestones as reached, at the transaction's time, under their assignments' locks
   * (which the caller read the standing achievements under: none of these stands yet).
   */
  async insertReached(manager: EntityManager, reached: ReachedAchievement[]): Promise<void> {
    if (reached.length === 0) return;
    await manager.query(
      `INSERT INTO milestone_achievements (id, assignment_id, milestone_name, partner_id, spiff_id, metric, threshold, reward_amount, achieved_at)
       SELECT r.id, r.assignment_id, r.milestone_name, r.partner_id, r.spiff_id, r.metric, r.threshold, r.reward_amount, now()
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, assignment_id uuid, milestone_name text, partner_id uuid, spiff_id uuid,
                                              metric text, threshold numeric, reward_amount numeric)`,
      [JSON.stringify(reached)],
    );
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
