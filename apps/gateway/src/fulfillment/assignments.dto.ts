import {
  ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsObject, IsOptional, IsUUID, Max, Min, ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ASSIGNMENT_TYPES } from '@spiffworks/contracts';
import type { AssignmentType, CreateAssignmentCommand, ListAssignmentsQuery } from '@spiffworks/contracts';
import { CALENDAR_DATE, EXAMPLE } from '../platform/common.responses';
import { PageQuery } from '../platform/paging.dto';
import { MilestoneDto } from '../platform/milestones.dto';
import { IsCalendarDate, UniqueMilestoneNames } from '../platform/validation';

/** The seed's manual `POST /api/fulfillment/assignments` body. */
export class CreateAssignmentDto implements CreateAssignmentCommand {
  @ApiProperty({ format: 'uuid', description: 'An approved partner.', example: EXAMPLE.partnerId })
  @IsUUID('all')
  partner_id!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The spiff whose bonus the assignment earns; one assignment per partner and spiff.', example: EXAMPLE.spiffId })
  @IsOptional() @IsUUID('all')
  spiff_id?: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 1000, example: [EXAMPLE.productId] })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(1000) @IsUUID('all', { each: true })
  product_ids!: string[];

  @ApiProperty({ enum: [...ASSIGNMENT_TYPES], example: 'spiff' })
  @IsIn(ASSIGNMENT_TYPES)
  assignment_type!: AssignmentType;

  @ApiProperty({ ...CALENDAR_DATE, description: 'First day of the period (inclusive).', example: '2025-01-01' })
  @IsCalendarDate()
  start_date!: string;

  @ApiProperty({ ...CALENDAR_DATE, description: 'Last day of the period (inclusive).', example: '2025-03-31' })
  @IsCalendarDate()
  end_date!: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000_000, description: 'Units the partner aims to sell.', example: 50 })
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000_000)
  target_quantity?: number;

  @ApiPropertyOptional({ type: () => [MilestoneDto], maxItems: 20, description: 'Goals of this assignment; names unique.' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => MilestoneDto) @UniqueMilestoneNames()
  milestones?: MilestoneDto[];
}

export class ListAssignmentsQueryDto extends PageQuery implements ListAssignmentsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all')
  partner_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all')
  spiff_id?: string;
}

