import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MilestoneMetric } from '@spiffworks/contracts';

/**
 * A milestone an assignment reached. At most one standing (not reversed) row per assignment and
 * milestone; a return that takes the progress back below the threshold reverses it, and reaching
 * the threshold again records a new row.
 */
@Entity('milestone_achievements')
export class MilestoneAchievement {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  assignment_id!: string;

  @Column({ type: 'varchar', length: 100 })
  milestone_name!: string;

  @Column({ type: 'uuid' })
  partner_id!: string;

  @Column({ type: 'uuid', nullable: true })
  spiff_id!: string | null;

  @Column({ type: 'varchar', length: 20 })
  metric!: MilestoneMetric;

  @Column({ type: 'numeric', precision: 16, scale: 2 })
  threshold!: string;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  reward_amount!: string;

  @Column({ type: 'timestamptz' })
  achieved_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  reversed_at!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reversed_by_return_id!: string | null;
}
