import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PARTNER_STATUSES, PARTNER_TIERS } from '@spiffworks/contracts';
import type { CreatePartnerCommand, ListPartnersQuery, PartnerStatus, PartnerTier, UpdatePartnerCommand } from '@spiffworks/contracts';
import { PageQuery } from '../platform/paging.dto';

export class CreatePartnerDto implements CreatePartnerCommand {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'TechCorp Partners Inc.' })
  @IsString() @MinLength(1) @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: [...PARTNER_TIERS], description: 'Sets the commission rate of each product for this partner.', example: 'gold' })
  @IsIn(PARTNER_TIERS)
  tier!: PartnerTier;

  @ApiProperty({ format: 'email', maxLength: 320, example: 'sales@techcorp.example' })
  @IsEmail() @MaxLength(320)
  contact_email!: string;

  /** With a password, the partner gets a portal user whose email is `contact_email`. */
  @ApiPropertyOptional({ format: 'password', minLength: 8, maxLength: 128, description: 'With a password, the partner gets a portal user whose email is `contact_email`.', example: 'techcorp-portal-2025' })
  @IsOptional() @IsString() @MinLength(8) @MaxLength(128)
  password?: string;
}

export class UpdatePartnerDto implements Omit<UpdatePartnerCommand, 'id'> {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'TechCorp Partners Inc.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: [...PARTNER_TIERS], description: 'A new tier: targeted running spiffs assign the partner at once.', example: 'platinum' })
  @IsOptional() @IsIn(PARTNER_TIERS)
  tier?: PartnerTier;
}

export class ListPartnersQueryDto extends PageQuery implements ListPartnersQuery {
  @ApiPropertyOptional({ enum: [...PARTNER_TIERS] })
  @IsOptional() @IsIn(PARTNER_TIERS)
  tier?: PartnerTier;

  @ApiPropertyOptional({ enum: [...PARTNER_STATUSES] })
  @IsOptional() @IsIn(PARTNER_STATUSES)
  status?: PartnerStatus;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, description: 'Search: a case-insensitive part of the name or the contact email.', example: 'techcorp' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  q?: string;
}
