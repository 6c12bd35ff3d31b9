import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { IncentiveType, Milestone, PartnerTier, SpiffAssignmentType, SpiffSnapshot, SpiffStatus, SpiffView } from '@spiffworks/contracts';
import { MONEY_COLUMN, decimalToNumber } from '@spiffworks/persistence';

@Entity('spiffs')
export class Spiff {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'uuid', array: true })
  target_products!: string[];

  @Column({ type: 'varchar', length: 20 })
  assignment_type!: SpiffAssignmentType;

  @Column({ type: 'varchar', array: true })
  target_tiers!: PartnerTier[];

  @Column({ type: 'uuid', array: true })
  target_partners!: string[];

  /** Money per unit for `fixed`, percent of revenue for `percentage`. */
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

  /** The UTC date it was cancelled on, if it was. */
  @Column({ type: 'date', nullable: true })
  cancelled_on!: string | null;

  /** Goals for each assigned partner, with their rewards (JSON numbers, 2 decimals at most). */
  @Column({ type: 'jsonb' })
  milestones!: Milestone[];

  /** Sales it covers wait for an admin's review of their proof of sale. */
  @Column({ type: 'boolean', default: false })
  proof_required!: boolean;

  @Column({ type: 'uuid' })
  created_by!: string;

  /** The fund (null: unbudgeted) and the most one partner gets from it. */
  @Column({ ...MONEY_COLUMN, nullable: true })
  budget_amount!: string | null;

  @Column({ ...MONEY_COLUMN, nullable: true })
  per_partner_cap!: string | null;

  @Column({ type: 'integer', default: 0 })
  budget_version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;
}

export function toSpiffSnapshot(s: Spiff): SpiffSnapshot & Omit<SpiffView, 'created_at'> {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    target_products: s.target_products,
    assignment_type: s.assignment_type,
    target_tiers: s.target_tiers,
    target_partners: s.target_partners,
    incentive_amount: decimalToNumber(s.incentive_amount),
    incentive_type: s.incentive_type,
    start_date: s.start_date,
    end_date: s.end_date,
    status: s.status,
    cancelled_on: s.cancelled_on,
    milestones: s.milestones,
    budget_amount: s.budget_amount === null ? null : decimalToNumber(s.budget_amount),
    per_partner_cap: s.per_partner_cap === null ? null : decimalToNumber(s.per_partner_cap),
    budget_version: s.budget_version,
    proof_required: s.proof_required,
    created_by: s.created_by,
  };
}

export function toSpiffView(s: Spiff): SpiffView {
  return { ...toSpiffSnapshot(s), proof_required: s.proof_required, created_at: s.created_at.toISOString() };
}
