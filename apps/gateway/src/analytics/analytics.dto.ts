import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PARTNER_TIERS, TIMESERIES_INTERVALS, TIMESERIES_METRICS } from '@spiffworks/contracts';
import type { PartnerTier, TimeseriesQuery } from '@spiffworks/contracts';
import { IsCalendarDate } from '../platform/validation';

/** `GET /api/analytics/timeseries`: dates are sale dates, both ends included. */
export class TimeseriesQueryDto implements TimeseriesQuery {
  @IsIn(TIMESERIES_METRICS)
  metric!: TimeseriesQuery['metric'];

  @IsIn(TIMESERIES_INTERVALS)
  interval!: TimeseriesQuery['interval'];

  @IsCalendarDate()
  from!: string;

  @IsCalendarDate()
  to!: string;

  @IsOptional() @IsUUID('all')
  partner_id?: string;

  @IsOptional() @IsIn(PARTNER_TIERS)
  tier?: PartnerTier;

  @IsOptional() @IsUUID('all')
  product_id?: string;

  @IsOptional() @IsUUID('all')
  spiff_id?: string;
}
