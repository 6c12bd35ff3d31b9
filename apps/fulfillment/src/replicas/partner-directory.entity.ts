import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PartnerStatus, PartnerTier } from '@spiffworks/contracts';

/** Fulfillment's copy of the partners it targets, fed by `partner.*` events. */
@Entity('partner_directory')
export class PartnerDirectoryEntry {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  tier!: PartnerTier;

  @Column({ type: 'varchar', length: 20 })
  status!: PartnerStatus;

  @Column({ type: 'integer' })
  version!: number;
}
