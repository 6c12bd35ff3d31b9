import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { PartnerSnapshot, PartnerStatus, PartnerTier, PartnerView } from '@spiffworks/contracts';

@Entity('partners')
export class Partner {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  tier!: PartnerTier;

  @Column({ type: 'varchar', length: 20 })
  status!: PartnerStatus;

  @Column({ type: 'varchar', length: 320 })
  contact_email!: string;

  /** Incremented on every change, so consumers can ignore an out-of-order older snapshot. */
  @Column({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at!: Date;
}

export function toPartnerView(p: Partner): PartnerView {
  return {
    id: p.id,
    name: p.name,
    tier: p.tier,
    status: p.status,
    contact_email: p.contact_email,
    created_at: p.created_at.toISOString(),
    updated_at: p.updated_at.toISOString(),
  };
}

export function toPartnerSnapshot(p: Partner): PartnerSnapshot {
  return { id: p.id, name: p.name, tier: p.tier, status: p.status, contact_email: p.contact_email, version: p.version };
}
