import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LogSaleCommand } from '@spiffworks/contracts';

export type SaleImportRowOutcome = 'accepted' | 'rejected';

/** One data row of a sell-through file; `outcome` is null until a worker has weighed it. */
@Entity('sale_import_rows')
export class SaleImportRow {
  @PrimaryColumn('uuid')
  import_id!: string;

  /** Its line in the file, the header being row 1. */
  @PrimaryColumn('integer')
  row!: number;

  @Column({ type: 'text', array: true })
  cells!: string[];

  /** The sale it says; null when its shape was refused on arrival. */
  @Column({ type: 'jsonb', nullable: true })
  sale!: LogSaleCommand | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  outcome!: SaleImportRowOutcome | null;

  @Column({ type: 'text', nullable: true })
  field!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  sale_id!: string | null;
}
