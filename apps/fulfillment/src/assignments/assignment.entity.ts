import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { AssignmentStatus, AssignmentType, AssignmentView, Milestone } from '@spiffworks/contracts';
import { decimalToNumber } from '@spiffworks/persistence';

export type AssignmentOrigin = 'manual' | 'spiff';

/** A partner's opportunity: products to sell in a period, linked to a spiff or set by hand. */
@Entity('assignments')
export class Assignment {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  partner_id!: string;

  @Column({ type: 'uuid', nullable: true })
  spiff_id!: string | null;

  @Column({ type: 'uuid', array: true })
  product_ids!: string[];

  @Column({ type: 'varchar', length: 20 })
  assignment_type!: AssignmentType;

  @Column({ type: 'date' })
  start_date!: string;

  @Column({ type: 'date' })
  end_date!: string;

  @Column({ type: 'integer', nullable: true })
  target_quantity!: number | null;

  /** Units of qualifying sales so far (net of returns once they exist); bigint, read as a number (exact to 2^53). */
  @Column({ type: 'bigint', default: 0, transformer: { to: (units: number) => units, from: (units: string | number) => Number(units) } })
  actual_quantity!: number;

  @Column({ type: 'numeric', precision: 38, scale: 2, default: 0 })
  actual_revenue!: string;

  @Column({ type: 'jsonb' })
  milestones!: Milestone[];

  /**
   * `spiff`: created by a spiff's fan-out, and moved by the spiff's updates; `manual`: an admin's,
   * never touched by them. Always written by this code; NULL on rows older than this column or made
   * by a previous-release replica during a rolling update (classified by shape at the spiff's next update).
   */
  @Column({ type: 'varchar', length: 20, nullable: true })
  origin!: AssignmentOrigin | null;

  @Column({ type: 'varchar', length: 20 })
  status!: AssignmentStatus;

  @Column({ type: 'uuid' })
  assigned_by!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;
}

export function toAssignmentView(a: Assignment): AssignmentView {
  return {
    id: a.id,
    partner_id: a.partner_id,
    spiff_id: a.spiff_id,
    product_ids: a.product_ids,
    assignment_type: a.assignment_type,
    start_date: a.start_date,
    end_date: a.end_date,
    target_quantity: a.target_quantity,
    actual_quantity: a.actual_quantity,
    actual_revenue: decimalToNumber(a.actual_revenue),
    milestones: a.milestones,
    status: a.status,
    assigned_by: a.assigned_by,
    created_at: a.created_at.toISOString(),
  };
}
