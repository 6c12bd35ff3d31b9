import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Units a partner took back from a sale; the sale's `returned_quantity` is their sum. */
@Entity('sale_returns')
export class SaleReturn {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  sale_id!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  /** The units' revenue at the sale's unit price. */
  @Column({ type: 'numeric', precision: 16, scale: 2 })
  revenue_returned!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'uuid' })
  returned_by!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;
}
