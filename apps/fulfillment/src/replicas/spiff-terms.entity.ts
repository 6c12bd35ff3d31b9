import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IncentiveType, Milestone, PartnerTier, SpiffAssignmentType, SpiffStatus } from '@spiffworks/contracts';
import { MONEY_COLUMN } from '@spiffworks/persistence';

/** Fulfillment's copy of each spiff's terms and targets, fed by `spiff.*` events. */
@Entity('spiff_terms')
export class SpiffTerms {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'uuid', array: true })
  product_ids!: string[];

  @Column({ type: 'varchar', length: 20 })
  assignment_type!: SpiffAssignmentType;

  @Column({ type: 'varchar', array: true })
  target_tiers!: PartnerTier[];

  @Column({ type: 'uuid', array: true })
  target_partners!: string[];

  @Column(MONEY_COLUMN)
  incentive_amount!: string;

  @Column({ type: 'varchar', length: 20 })
  incentive_type!: IncentiveType;

  @Column({ type: 'date' })
  start_date!: string;

  @Column({ type: 'date' })
  end_date!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: SpiffStatus;

  @Column({ type: 'date', nullable: true })
  cancelled_on!: string | null;

  @Column({ type: 'jsonb' })
  milestones!: Milestone[];

  /** Covered sales wait for an admin's review of their proof of sale (carried into the sale's facts). */
  @Column({ type: 'boolean', default: false })
  proof_required!: boolean;

  @Column({ type: 'uuid' })
  created_by!: string;

  /** When the spiff was created (its event's time): who was eligible then is assigned. */
  @Column({ type: 'timestamptz' })
  created_at!: Date;
}
