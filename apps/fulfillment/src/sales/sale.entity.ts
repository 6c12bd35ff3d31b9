import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { MONEY_COLUMN } from '@spiffworks/persistence';

/** A sale a partner logged. Its commission lives in the commissions service's ledger. */
@Entity('sales')
export class Sale {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  partner_id!: string;

  @Column({ type: 'uuid' })
  product_id!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column(MONEY_COLUMN)
  unit_price!: string;

  @Column({ type: 'numeric', precision: 16, scale: 2 })
  revenue!: string;

  @Column({ type: 'date' })
  sale_date!: string;

  /** Unique per partner when given. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  invoice_number!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  /** Units returned so far; never more than `quantity`. */
  @Column({ type: 'integer', default: 0 })
  returned_quantity!: number;

  /** The assignments whose progress the sale counted toward (and a return takes back from). */
  @Column({ type: 'uuid', array: true })
  assignment_ids!: string[];

  @Column({ type: 'uuid' })
  logged_by!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;
}
