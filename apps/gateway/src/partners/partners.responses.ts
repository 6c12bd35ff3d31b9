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

/** A partner user's new invite: its link, shown in this answer only. */
export class PartnerInviteResponse {
  @ApiProperty({ format: 'uuid', description: "The partner's portal user.", example: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b' })
  user_id!: string;

  @ApiProperty({ format: 'email', description: 'The email it signs in with once it chose its password.', example: 'sales@techcorp.example' })
  email!: string;

  @ApiProperty({
    description: 'The link to send the user: it opens the portal, where it chooses its password. Never stored (only a hash of its token) and never shown again; treat it like a password.',
    example: 'https://portal.example.com/invite#token=Jx8y3oYk2m0bq1V7n4Hc5sWd6Ze9Af0Bg1Ch2Di3Ej4',
  })
  invite_url!: string;

  @ApiProperty({ format: 'date-time', description: 'When the link stops working (`INVITE_TTL_HOURS` from now).', example: '2025-01-09T09:00:00.000Z' })
  expires_at!: string;
}
