import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Analytics' read model per partner, fed only by events. */
@Entity('partner_summaries')
export class PartnerSummary {
  @PrimaryColumn('uuid')
  partner_id!: string;

  @Column({ type: 'varchar', length: 200 })
  partner_name!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  tier!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  status!: string | null;

  /** Version of the last partner snapshot applied (0: known only from its assignments so far). */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'integer' })
  total_assignments!: number;

  @Column({ type: 'integer' })
  active_assignments!: number;
}
