import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PARTNER_STATUSES, PARTNER_TIERS } from '@spiffworks/contracts';
import type { PartnerStatus, PartnerTier } from '@spiffworks/contracts';
import { PageQuery } from '../platform/paging.dto';

export class CreatePartnerDto {
  @IsString() @MinLength(1) @MaxLength(200)
  name!: string;

  @IsIn(PARTNER_TIERS)
  tier!: PartnerTier;

  @IsEmail() @MaxLength(320)
  contact_email!: string;

  /** With a password, the partner gets a portal user whose email is `contact_email`. */
  @IsOptional() @IsString() @MinLength(8) @MaxLength(128)
  password?: string;
}

export class UpdatePartnerDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @IsOptional() @IsIn(PARTNER_TIERS)
  tier?: PartnerTier;
}

export class ListPartnersQueryDto extends PageQuery {
  @IsOptional() @IsIn(PARTNER_TIERS)
  tier?: PartnerTier;

  @IsOptional() @IsIn(PARTNER_STATUSES)
  status?: PartnerStatus;
}
