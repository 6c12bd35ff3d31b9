import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { COMMISSION_STATUSES } from '@spiffworks/contracts';
import type { CommissionStatus, CommissionTransitionCommand, ListCommissionsQuery } from '@spiffworks/contracts';
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
