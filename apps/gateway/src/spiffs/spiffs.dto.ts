import {
  ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsNumber, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, MinLength, ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { INCENTIVE_TYPES, PARTNER_TIERS, SPIFF_ASSIGNMENT_TYPES } from '@spiffworks/contracts';
import type { CreateSpiffCommand, IncentiveType, PartnerReachQuery, PartnerTier, SpiffAssignmentType, UpdateSpiffCommand } from '@spiffworks/contracts';
import { MilestoneDto } from '../platform/milestones.dto';
import { CALENDAR_DATE, EXAMPLE } from '../platform/common.responses';
import { IsCalendarDate, UniqueMilestoneNames, MaxDecimalPlaces } from '../platform/validation';

/** The seed's `POST /api/spiffs` body. Rules that relate fields live in the campaigns service. */
export class CreateSpiffDto implements CreateSpiffCommand {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Q4 Laptop Promotion' })
  @IsString() @MinLength(1) @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ maxLength: 2000, example: '$100 per laptop sold by gold and platinum partners, January to March' })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 1000, description: 'The products the spiff pays a bonus on.', example: [EXAMPLE.productId] })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(1000) @IsUUID('all', { each: true })
  target_products!: string[];

  @ApiProperty({ enum: [...SPIFF_ASSIGNMENT_TYPES], description: '`tier`: every approved partner of `target_tiers`; `individual`: the partners in `target_partners`.', example: 'tier' })
  @IsIn(SPIFF_ASSIGNMENT_TYPES)
  assignment_type!: SpiffAssignmentType;

  @ApiPropertyOptional({ enum: [...PARTNER_TIERS], isArray: true, description: 'Required (non-empty) with `assignment_type: tier`; empty otherwise.', example: ['gold', 'platinum'] })
  @IsOptional() @IsArray() @IsIn(PARTNER_TIERS, { each: true })
  target_tiers?: PartnerTier[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 100_000, description: 'Known partner ids: required (non-empty) with `assignment_type: individual`; empty otherwise.' })
  @IsOptional() @IsArray() @ArrayMaxSize(100_000) @IsUUID('all', { each: true })
  target_partners?: string[];

  /** Money per unit (`fixed`) or percent of revenue (`percentage`). */
  @ApiProperty({
    type: Number,
    minimum: 0.01,
    maximum: 1_000_000,
    description: 'Money per unit (`fixed`) or percent of revenue (`percentage`, at most 100); at most 2 decimals.',
    example: 100,
  })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2) @Max(1_000_000)
  incentive_amount!: number;

  @ApiProperty({ enum: [...INCENTIVE_TYPES], example: 'fixed' })
  @IsIn(INCENTIVE_TYPES)
  incentive_type!: IncentiveType;

  @ApiProperty({ ...CALENDAR_DATE, description: 'First day of the period (inclusive).', example: '2025-01-01' })
  @IsCalendarDate()
  start_date!: string;

  @ApiProperty({ ...CALENDAR_DATE, description: 'Last day of the period (inclusive); not before `start_date`.', example: '2025-03-31' })
  @IsCalendarDate()
  end_date!: string;

  /** Goals for every assigned partner, each paying its reward once when reached. */
  @ApiPropertyOptional({ type: () => [MilestoneDto], maxItems: 20, description: 'Goals for every assigned partner, each paying its reward once when reached; names unique.' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => MilestoneDto) @UniqueMilestoneNames()
  milestones?: MilestoneDto[];

  @ApiPropertyOptional({
    type: Number, minimum: 0.01, description: 'The fund: the spiff grants bonuses while it lasts, never a cent over it (the sale crossing it gets the remainder); at most 2 decimals.', example: 5000,
  })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2)
  budget_amount?: number;

  @ApiPropertyOptional({ type: Number, minimum: 0.01, description: 'At most this much bonus per partner from the fund; needs `budget_amount`, not above it; at most 2 decimals.', example: 500 })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2)
  per_partner_cap?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'Sales this spiff covers need proof of sale: their ledger line waits `awaiting_review` until an admin approves the proof.', example: false })
  @IsOptional() @IsBoolean()
  proof_required?: boolean;
}

/** `PATCH /api/spiffs/{id}`: lists are the new full lists and must keep every current entry. */
export class UpdateSpiffDto implements Omit<UpdateSpiffCommand, 'id'> {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Q4 Laptop Promotion (extended)' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ ...CALENDAR_DATE, description: 'A later end date (a spiff may be extended, never shortened).', example: '2025-04-30' })
  @IsOptional() @IsCalendarDate()
  end_date?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', minItems: 1, maxItems: 1000, description: 'The new full list: every current product plus the added ones.' })
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(1000) @IsUUID('all', { each: true })
  target_products?: string[];

  @ApiPropertyOptional({ enum: [...PARTNER_TIERS], isArray: true, minItems: 1, description: 'The new full list: every current tier plus the added ones.', example: ['gold', 'platinum', 'silver'] })
  @IsOptional() @IsArray() @ArrayNotEmpty() @IsIn(PARTNER_TIERS, { each: true })
  target_tiers?: PartnerTier[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', minItems: 1, maxItems: 100_000, description: 'The new full list: every current partner plus the added ones.' })
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(100_000) @IsUUID('all', { each: true })
  target_partners?: string[];

  @ApiPropertyOptional({
    type: Number, minimum: 0.01,
    description: 'A new fund: raised freely; lowered never below what sales have committed (409 `BUDGET_BELOW_COMMITTED`, nothing changed). Gives a spiff without a fund one.',
    example: 7500,
  })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2)
  budget_amount?: number;

  @ApiPropertyOptional({ type: Number, minimum: 0.01, description: 'A new per-partner cap (not above the fund); lowered never below what one partner has committed.', example: 500 })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2)
  per_partner_cap?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'Sales this spiff covers need proof of sale: their ledger line waits `awaiting_review` until an admin approves the proof.', example: false })
  @IsOptional() @IsBoolean()
  proof_required?: boolean;
}

/** `POST /api/spiffs/reach`: a spiff's targeting, before the spiff exists (or with a PATCH's new full lists). */
export class SpiffReachDto implements PartnerReachQuery {
  @ApiProperty({ enum: [...SPIFF_ASSIGNMENT_TYPES], description: '`tier`: counts the approved partners of `target_tiers`; `individual`: the approved ones among `target_partners`.', example: 'tier' })
  @IsIn(SPIFF_ASSIGNMENT_TYPES)
  assignment_type!: SpiffAssignmentType;

  @ApiPropertyOptional({ enum: [...PARTNER_TIERS], isArray: true, description: 'With `assignment_type: tier`.', example: ['gold', 'platinum'] })
  @IsOptional() @IsArray() @IsIn(PARTNER_TIERS, { each: true })
  target_tiers?: PartnerTier[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 100_000, description: 'With `assignment_type: individual`.' })
  @IsOptional() @IsArray() @ArrayMaxSize(100_000) @IsUUID('all', { each: true })
  target_partners?: string[];
}
