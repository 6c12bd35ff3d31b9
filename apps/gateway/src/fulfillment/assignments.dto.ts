import {
  ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { ASSIGNMENT_TYPES } from '@spiffworks/contracts';
import type { AssignmentType } from '@spiffworks/contracts';
import { PageQuery } from '../platform/paging.dto';
import { MilestoneDto } from '../platform/milestones.dto';
import { IsCalendarDate, UniqueMilestoneNames } from '../platform/validation';

/** The seed's manual `POST /api/fulfillment/assignments` body. */
export class CreateAssignmentDto {
  @IsUUID('all')
  partner_id!: string;

  @IsOptional() @IsUUID('all')
  spiff_id?: string;

  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(1000) @IsUUID('all', { each: true })
  product_ids!: string[];

  @IsIn(ASSIGNMENT_TYPES)
  assignment_type!: AssignmentType;

  @IsCalendarDate()
  start_date!: string;

  @IsCalendarDate()
  end_date!: string;

  @IsOptional() @IsInt() @Min(1) @Max(1_000_000_000)
  target_quantity?: number;

  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => MilestoneDto) @UniqueMilestoneNames()
  milestones?: MilestoneDto[];
}

export class ListAssignmentsQueryDto extends PageQuery {
  @IsOptional() @IsUUID('all')
  partner_id?: string;

  @IsOptional() @IsUUID('all')
  spiff_id?: string;
}

