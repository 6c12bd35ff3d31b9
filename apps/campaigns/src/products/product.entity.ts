import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ProductSnapshot, ProductView, TierRates } from '@spiffworks/contracts';
import { PERCENT_COLUMN, decimalToNumber } from '@spiffworks/persistence';

@Entity('products')
export class Product {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  sku!: string;

  /** Default percent, for tiers without their own rate. */
  @Column(PERCENT_COLUMN)
  commission_rate!: string;

  /** Percent per tier, as decimal strings. */
  @Column({ type: 'jsonb' })
  commission_rates!: Record<string, string>;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;
}

export function toProductSnapshot(p: Product): ProductSnapshot {
  const rates: TierRates = {};
  for (const [tier, rate] of Object.entries(p.commission_rates)) rates[tier as keyof TierRates] = decimalToNumber(rate);
  return { id: p.id, name: p.name, sku: p.sku, commission_rate: decimalToNumber(p.commission_rate), commission_rates: rates };
}

export function toProductView(p: Product): ProductView {
  return { ...toProductSnapshot(p), created_at: p.created_at.toISOString() };
}
