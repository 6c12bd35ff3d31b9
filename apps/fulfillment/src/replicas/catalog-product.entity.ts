import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TierRates } from '@spiffworks/contracts';

/** Fulfillment's copy of the product catalog, fed by `product.*` events. */
@Entity('catalog_products')
export class CatalogProduct {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  sku!: string;

  @Column({ type: 'numeric', precision: 7, scale: 4 })
  commission_rate!: string;

  @Column({ type: 'jsonb' })
  commission_rates!: TierRates;
}
