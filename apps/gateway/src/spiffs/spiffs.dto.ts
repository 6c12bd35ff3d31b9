import {
  ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, MinLength, ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { INCENTIVE_TYPES, PARTNER_TIERS, SPIFF_ASSIGNMENT_TYPES } from '@spiffworks/contracts';
import type { IncentiveType, PartnerTier, SpiffAssignmentType } from '@spiffworks/contracts';
import { MilestoneDto } from '../platform/milestones.dto';
import { IsCalendarDate, UniqueMilestoneNames, MaxDecimalPlaces } from '../platform/validation';

/** The seed's `POST /api/spiffs` body. Rules that relate fields live in the campaigns service. */
export class CreateSpiffDto {
  @IsString() @MinLength(1) @MaxLength(200)
  name!: string;

  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(1000) @IsUUID('all', { each: true })
  target_products!: string[];

  @IsIn(SPIFF_ASSIGNMENT_TYPES)
  assignment_type!: SpiffAssignmentType;

  @IsOptional() @IsArray() @IsIn(PARTNER_TIERS, { each: true })
  target_tiers?: PartnerTier[];

  @IsOptional() @IsArray() @ArrayMaxSize(100_000) @IsUUID('all', { each: true })
  target_partners?: string[];

  /** Money per unit (`fixed`) or percent of revenue (`percentage`). */
  @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2) @Max(1_000_000)
  incentive_amount!: number;

  @IsIn(INCENTIVE_TYPES)
  incentive_type!: IncentiveType;

  @IsCalendarDate()
  start_date!: string;

  @IsCalendarDate()
  end_date!: string;

  /** Goals for every assigned partner, each paying its reward once when reached. */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => MilestoneDto) @UniqueMilestoneNames()
  milestones?: MilestoneDto[];
}

/** `PATCH /api/spiffs/{id}`: lists are the new full lists and must keep every current entry. */
export class UpdateSpiffDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @IsOptional() @IsCalendarDate()
  end_date?: string;

  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(1000) @IsUUID('all', { each: true })
  target_products?: string[];

  @IsOptional() @IsArray() @ArrayNotEmpty() @IsIn(PARTNER_TIERS, { each: true })
  target_tiers?: PartnerTier[];

  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(100_000) @IsUUID('all', { each: true })
  target_partners?: string[];
}
