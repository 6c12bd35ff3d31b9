import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { COMMISSION_STATUSES } from '@spiffworks/contracts';
import type { CommissionStatus } from '@spiffworks/contracts';
import { PageQuery } from '../platform/paging.dto';
import { IsCalendarDate } from '../platform/validation';

export class CommissionFiltersDto extends PageQuery {
  @IsOptional() @IsUUID('all')
  partner_id?: string;

  @IsOptional() @IsIn(COMMISSION_STATUSES)
  status?: CommissionStatus;

  @IsOptional() @IsUUID('all')
  spiff_id?: string;

  /** Sale date from (inclusive). */
  @IsOptional() @IsCalendarDate()
  from?: string;

  @IsOptional() @IsCalendarDate()
  to?: string;
}

export class PayDto {
  @IsString() @MinLength(1) @MaxLength(200)
  payout_reference!: string;
}

export class RejectDto {
  @IsString() @MinLength(1) @MaxLength(2000)
  reason!: string;
}

export class BulkIdsDto {
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(1000) @IsUUID('all', { each: true })
  ids!: string[];
}

export class BulkPayDto extends BulkIdsDto {
  @IsString() @MinLength(1) @MaxLength(200)
  payout_reference!: string;
}

export class BulkRejectDto extends BulkIdsDto {
  @IsString() @MinLength(1) @MaxLength(2000)
  reason!: string;
}
