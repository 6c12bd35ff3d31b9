import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ANALYTICS_DIMENSIONS, PARTNER_TIERS, TIMESERIES_INTERVALS, TIMESERIES_METRICS } from '@spiffworks/contracts';
import type { AnalyticsDimension, DimensionsQuery, PartnerTier, SalesExportFilters, TimeseriesQuery } from '@spiffworks/contracts';
import { CALENDAR_DATE } from '../platform/common.responses';
import { IsCalendarDate } from '../platform/validation';

/** `GET /api/analytics/timeseries`: dates are sale dates, both ends included. */
export class TimeseriesQueryDto implements TimeseriesQuery {
  @ApiProperty({ enum: [...TIMESERIES_METRICS], description: '`commission` is base + spiff bonus of lines not rejected.', example: 'revenue' })
  @IsIn(TIMESERIES_METRICS)
  metric!: TimeseriesQuery['metric'];

  @ApiProperty({ enum: [...TIMESERIES_INTERVALS], example: 'week' })
  @IsIn(TIMESERIES_INTERVALS)
  interval!: TimeseriesQuery['interval'];

  @ApiProperty({ ...CALENDAR_DATE, description: 'First sale date (inclusive).', example: '2025-01-01' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ ...CALENDAR_DATE, description: 'Last sale date (inclusive); not before `from`, at most 3660 days on.', example: '2025-03-31' })
  @IsCalendarDate()
  to!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all')
  partner_id?: string;

  @ApiPropertyOptional({ enum: [...PARTNER_TIERS], description: 'The tier at the time of the sale; not with `spiff_id`.' })
  @IsOptional() @IsIn(PARTNER_TIERS)
  tier?: PartnerTier;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all')
  product_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only sales on which this spiff paid a bonus.' })
  @IsOptional() @IsUUID('all')
  spiff_id?: string;
}

/** `GET /api/analytics/dimensions`: the choices of a time-series filter, by name. */
export class DimensionsQueryDto implements DimensionsQuery {
  @ApiProperty({ enum: [...ANALYTICS_DIMENSIONS], description: 'Which filter the choices are for.', example: 'partner' })
  @IsIn(ANALYTICS_DIMENSIONS)
  kind!: AnalyticsDimension;

  @ApiPropertyOptional({ description: 'Case-insensitive part of the name.', example: 'tech', maxLength: 100 })
  @IsOptional() @IsString() @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 50, default: 20, description: 'At most this many, by name.' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50)
  limit?: number;
}

/** `GET /api/analytics/export.csv`: the time series' filters, each optional; dates are sale dates, both ends included. */
export class SalesExportQueryDto implements SalesExportFilters {
  @ApiPropertyOptional({ ...CALENDAR_DATE, description: 'First sale date (inclusive).', example: '2025-01-01' })
  @IsOptional() @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ ...CALENDAR_DATE, description: 'Last sale date (inclusive); not before `from`.', example: '2025-03-31' })
  @IsOptional() @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Ignored for a partner user, whose file is always its own partner's." })
  @IsOptional() @IsUUID('all')
  partner_id?: string;

  @ApiPropertyOptional({ enum: [...PARTNER_TIERS], description: 'The tier at the time of the sale.' })
  @IsOptional() @IsIn(PARTNER_TIERS)
  tier?: PartnerTier;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all')
  product_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Only sales whose ledger line carries a bonus of this spiff (in any status: see `commission_status`)." })
  @IsOptional() @IsUUID('all')
  spiff_id?: string;
}
