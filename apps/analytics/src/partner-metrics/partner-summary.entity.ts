import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Analytics' read model per partner, fed only by events (written and read with plain SQL). */
@Entity('partner_summaries')
export class PartnerSummary {
  @PrimaryColumn('uuid')
  partner_id!: string;

  /** From the partner's snapshots; until one arrives, from its first sale ('' before that). */
  @Column({ type: 'varchar', length: 200 })
  partner_name!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  tier!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  status!: string | null;

  /** Version of the last partner snapshot applied (0: known only from other events so far). */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'integer' })
  total_assignments!: number;

  @Column({ type: 'integer' })
  active_assignments!: number;

  @Column({ type: 'bigint' })
  sales_count!: string;

  /** Money columns are numeric(38,2) (sums of many numeric(18,2) lines need the room), read as decimal strings. */
  @Column({ type: 'numeric', precision: 38, scale: 2 })
  revenue!: string;

  @Column({ type: 'numeric', precision: 38, scale: 2 })
  base_commission!: string;

  @Column({ type: 'numeric', precision: 38, scale: 2 })
  spiff_bonus!: string;

  @Column({ type: 'numeric', precision: 38, scale: 2 })
  pending_commission!: string;

  @Column({ type: 'numeric', precision: 38, scale: 2 })
  approved_commission!: string;

  @Column({ type: 'numeric', precision: 38, scale: 2 })
  paid_commission!: string;

  @Column({ type: 'integer' })
  milestones_achieved!: number;

  @Column({ type: 'numeric', precision: 38, scale: 2 })
  milestone_rewards!: string;
}
