import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { SaleImportStatus, UserRole } from '@spiffworks/contracts';

/** A sell-through file being imported; its rows are `SaleImportRow`s. */
@Entity('sale_imports')
export class SaleImport {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: SaleImportStatus;

  @Column({ type: 'varchar', length: 255, nullable: true })
  file_name!: string | null;

  @Column({ type: 'text', array: true })
  header!: string[];

  /** Who uploaded it: every row is logged by them, and only they (or an admin) see the import. */
  @Column({ type: 'uuid' })
  actor_user_id!: string;

  @Column({ type: 'varchar', length: 20 })
  actor_role!: UserRole;

  @Column({ type: 'uuid', nullable: true })
  actor_partner_id!: string | null;

  /** The upload's: the worker's log lines and the events of its sales carry it. */
  @Column({ type: 'varchar', length: 100 })
  correlation_id!: string;

  /** Known once the file has ended (close). */
  @Column({ type: 'integer', nullable: true })
  rows_total!: number | null;

  @Column({ type: 'integer', default: 0 })
  rows_received!: number;

  @Column({ type: 'integer', default: 0 })
  rows_accepted!: number;

  @Column({ type: 'integer', default: 0 })
  rows_rejected!: number;

  @Column({ type: 'text', nullable: true })
  failure!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  started_at!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finished_at!: Date | null;
}
