import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';
import { COMMISSION_STATUSES, REVIEW_DECISIONS } from '@spiffworks/contracts';
import type { CommissionStatus, CommissionTransitionCommand, ListCommissionsQuery, ListReviewsQuery, ReviewCommand, ReviewDecision } from '@spiffworks/contracts';
import { CALENDAR_DATE, EXAMPLE } from '../platform/common.responses';
import { PageQuery } from '../platform/paging.dto';
import { IsCalendarDate } from '../platform/validation';

export class CommissionFiltersDto extends PageQuery implements ListCommissionsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all')
  partner_id?: string;

  @ApiPropertyOptional({ enum: [...COMMISSION_STATUSES] })
  @IsOptional() @IsIn(COMMISSION_STATUSES)
  status?: CommissionStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Lines tied to this spiff: sales it paid a bonus on, its milestone rewards and their clawbacks.' })
  @IsOptional() @IsUUID('all')
  spiff_id?: string;

  /** Sale date from (inclusive). */
  @ApiPropertyOptional({ ...CALENDAR_DATE, description: 'Sale date from (inclusive).', example: '2025-01-01' })
  @IsOptional() @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ ...CALENDAR_DATE, description: 'Sale date to (inclusive).', example: '2025-03-31' })
  @IsOptional() @IsCalendarDate()
  to?: string;
}

/** `GET /api/commissions/my-commissions`: the caller's own lines; the partner comes from the token. */
export class MyCommissionsQueryDto extends PageQuery implements Omit<ListCommissionsQuery, 'partner_id' | 'spiff_id'> {
  @ApiPropertyOptional({ enum: [...COMMISSION_STATUSES] })
  @IsOptional() @IsIn(COMMISSION_STATUSES)
  status?: CommissionStatus;

  @ApiPropertyOptional({ ...CALENDAR_DATE, description: 'Sale date from (inclusive).', example: '2025-01-01' })
  @IsOptional() @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ ...CALENDAR_DATE, description: 'Sale date to (inclusive).', example: '2025-03-31' })
  @IsOptional() @IsCalendarDate()
  to?: string;
}

export class PayDto implements Pick<CommissionTransitionCommand, 'payout_reference'> {
  @ApiProperty({ minLength: 1, maxLength: 200, description: 'Your payout batch or transfer reference.', example: 'PAYOUT-2025-02' })
  @IsString() @MinLength(1) @MaxLength(200)
  payout_reference!: string;
}

export class RejectDto implements Pick<CommissionTransitionCommand, 'reason'> {
  @ApiProperty({ minLength: 1, maxLength: 2000, example: 'duplicate of an earlier sale' })
  @IsString() @MinLength(1) @MaxLength(2000)
  reason!: string;
}

export class BulkIdsDto implements CommissionTransitionCommand {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 1000, description: 'Ledger line ids: all move, or none (409).', example: [EXAMPLE.commissionId] })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(1000) @IsUUID('all', { each: true })
  ids!: string[];
}

export class BulkPayDto extends BulkIdsDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'PAYOUT-2025-02' })
  @IsString() @MinLength(1) @MaxLength(200)
  payout_reference!: string;
}

export class BulkRejectDto extends BulkIdsDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, example: 'duplicate of an earlier sale' })
  @IsString() @MinLength(1) @MaxLength(2000)
  reason!: string;
}

/** `GET /api/commissions/reviews`: the lines awaiting review of their proof of sale, oldest first. */
export class ReviewQueueQueryDto extends PageQuery implements ListReviewsQuery {
  @ApiPropertyOptional({ enum: ['awaiting_review'], default: 'awaiting_review' })
  @IsOptional() @IsIn(['awaiting_review'])
  status?: 'awaiting_review';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all')
  spiff_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all')
  partner_id?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 3650, description: 'Only lines waiting at least this many days.' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(3650)
  min_age_days?: number;
}

/** `POST /api/commissions/{id}/review`. */
export class ReviewDto implements Omit<ReviewCommand, 'ids' | 'reason'> {
  @ApiProperty({ enum: [...REVIEW_DECISIONS], description: '`approve`: the line moves on to pending (then approved, paid); `decline`: it is rejected, no commission, and the partner sees the reason.', example: 'approve' })
  @IsIn(REVIEW_DECISIONS)
  decision!: ReviewDecision;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required to decline (shown to the partner on its line).', example: 'invoice matches the sale' })
  @IsOptional() @IsString() @MaxLength(2000)
  reason?: string;
}

/** `POST /api/commissions/review`: one decision for many lines, all or nothing. */
export class BulkReviewDto extends ReviewDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 500, description: 'Lines awaiting review: all move, or none (409).', example: [EXAMPLE.commissionId] })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(500) @IsUUID('all', { each: true })
  ids!: string[];
}
