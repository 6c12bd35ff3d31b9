import { ApiProperty } from '@nestjs/swagger';
import { PARTNER_STATUSES, PARTNER_TIERS } from '@spiffworks/contracts';
import type { PartnerStatus, PartnerTier, PartnerView } from '@spiffworks/contracts';
import { EXAMPLE } from '../platform/common.responses';

export class PartnerResponse implements PartnerView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.partnerId })
  id!: string;

  @ApiProperty({ example: 'TechCorp Partners Inc.' })
  name!: string;

  @ApiProperty({ enum: [...PARTNER_TIERS], example: 'gold' })
  tier!: PartnerTier;

  @ApiProperty({ enum: [...PARTNER_STATUSES], description: '`pending` when registered, `approved` once an admin approves it, `suspended` while an admin has suspended it.', example: 'approved' })
  status!: PartnerStatus;

  @ApiProperty({ format: 'email', example: 'sales@techcorp.example' })
  contact_email!: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-02T09:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-02T09:05:00.000Z' })
  updated_at!: string;
}
