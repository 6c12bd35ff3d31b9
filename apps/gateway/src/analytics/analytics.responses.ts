import { ApiProperty } from '@nestjs/swagger';
import { ANALYTICS_DIMENSIONS, TIMESERIES_INTERVALS, TIMESERIES_METRICS } from '@spiffworks/contracts';
import type { AnalyticsDimension, DimensionItem, DimensionsView, OverviewView, PartnerMetricsView, SpiffAnalyticsView, TimeseriesQuery, TimeseriesView, TopPartner } from '@spiffworks/contracts';
import { CALENDAR_DATE, EXAMPLE } from '../platform/common.responses';

/** Money is base + spiff bonus of ledger lines not rejected, net of returns; by status over every line. */
export class PartnerMetricsBody {
  @ApiProperty({ type: 'integer', example: 1 })
  total_sales!: number;

  @ApiProperty({ type: Number, example: 2000 })
  total_revenue!: number;

  @ApiProperty({ type: Number, description: 'base_commission + spiff_bonus of lines not rejected.', example: 440 })
  total_commission!: number;

  @ApiProperty({ type: Number, example: 240 })
  base_commission!: number;

  @ApiProperty({ type: Number, example: 200 })
  spiff_bonus!: number;

  @ApiProperty({ type: Number, description: 'Every pending line (sales and milestone rewards).', example: 440 })
  pending_commission!: number;

  @ApiProperty({ type: Number, example: 0 })
  approved_commission!: number;

  @ApiProperty({ type: Number, example: 0 })
  paid_commission!: number;

  @ApiProperty({ type: 'integer', example: 1 })
  active_assignments!: number;

  @ApiProperty({ type: 'integer', example: 0 })
  milestones_achieved!: number;

  @ApiProperty({ type: Number, example: 0 })
  milestone_rewards!: number;

  @ApiProperty({ type: 'integer', description: "Disputes of the partner's lines now open.", example: 0 })
  open_disputes!: number;

  @ApiProperty({ type: 'integer', description: 'Disputes resolved with an adjustment line.', example: 0 })
  adjustments!: number;

  @ApiProperty({ type: Number, description: 'Sum of those adjustments, either sign (already in the commission totals, through their lines).', example: 0 })
  adjustment_amount!: number;
}

/** The seed's Step 5 partner analytics. */
export class PartnerMetricsResponse implements PartnerMetricsView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.partnerId })
  partner_id!: string;

  @ApiProperty({ example: 'TechCorp Partners Inc.' })
  partner_name!: string;

  @ApiProperty({ type: () => PartnerMetricsBody })
  metrics!: PartnerMetricsBody;
}

export class OverviewBody {
  @ApiProperty({ type: 'integer', example: 1 })
  total_assignments!: number;

  @ApiProperty({ type: 'integer', example: 1 })
  active_assignments!: number;

  @ApiProperty({ type: 'integer', example: 1 })
  total_sales!: number;

  @ApiProperty({ type: Number, example: 2000 })
  total_revenue!: number;

  @ApiProperty({ type: Number, example: 440 })
  total_commission!: number;
}

export class TopPartnerResponse implements TopPartner {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.partnerId })
  partner_id!: string;

  @ApiProperty({ example: 'TechCorp Partners Inc.' })
  partner_name!: string;

  @ApiProperty({ type: 'integer', example: 1 })
  sales_count!: number;

  @ApiProperty({ type: Number, example: 2000 })
  revenue!: number;

  @ApiProperty({ type: Number, example: 440 })
  commission!: number;
}

/** The seed's Step 5 system overview, with the top 5 partners by revenue. */
export class OverviewResponse implements OverviewView {
  @ApiProperty({ type: () => OverviewBody })
  overview!: OverviewBody;

  @ApiProperty({ type: () => [TopPartnerResponse], description: 'The top 5 partners by revenue.' })
  top_partners!: TopPartnerResponse[];
}

/** One day of a spiff's burn-down. */
export class SpiffBurnDownDayResponse {
  @ApiProperty({ ...CALENDAR_DATE, example: '2025-01-15' })
  day!: string;

  @ApiProperty({ type: Number, example: 200 })
  bonus!: number;

  @ApiProperty({ type: Number, description: 'Σ bonus up to and including the day.', example: 1400 })
  cumulative!: number;
}

export class SpiffAnalyticsResponse implements SpiffAnalyticsView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.spiffId })
  spiff_id!: string;

  @ApiProperty({ example: 'Q4 Laptop Promotion' })
  name!: string;

  @ApiProperty({ ...CALENDAR_DATE, example: '2025-01-01' })
  start_date!: string;

  @ApiProperty({ ...CALENDAR_DATE, example: '2025-03-31' })
  end_date!: string;

  @ApiProperty({ type: 'integer', description: 'Sales on which the spiff paid a bonus.', example: 1 })
  sales!: number;

  @ApiProperty({ type: Number, example: 2000 })
  revenue!: number;

  @ApiProperty({ type: Number, description: 'The bonuses it paid.', example: 200 })
  bonus_cost!: number;

  @ApiProperty({ type: 'integer', example: 12 })
  partners_assigned!: number;

  @ApiProperty({ type: 'integer', example: 1 })
  partners_sold!: number;

  @ApiProperty({ type: Number, description: "Revenue of its products, every partner, during the spiff.", example: 2000 })
  revenue_during!: number;

  @ApiProperty({ type: Number, description: 'Revenue of its products, every partner, over the same-length period just before.', example: 0 })
  revenue_before!: number;

  @ApiProperty({ type: Number, nullable: true, description: '(during − before) × 100 / before, 2 decimals; null when there was no revenue before.', example: null })
  revenue_lift_percent!: number | null;

  @ApiProperty({ type: 'integer', description: 'Disputes now open of lines the spiff paid a bonus on.', example: 0 })
  open_disputes!: number;

  @ApiProperty({ type: 'integer', description: 'Disputes of those lines resolved with an adjustment line.', example: 0 })
  adjustments!: number;

  @ApiProperty({ type: Number, description: 'Sum of those adjustments, either sign.', example: 0 })
  adjustment_amount!: number;

  @ApiProperty({
    type: () => [SpiffBurnDownDayResponse],
    description: 'The burn-down: per sale day with bonus, the day\'s bonus and the running total, oldest first (draw it against the fund).',
  })
  burn_down!: SpiffBurnDownDayResponse[];
}

export class TimeseriesPointResponse {
  @ApiProperty({ ...CALENDAR_DATE, description: 'The first day of the bucket.', example: '2025-01-13' })
  period!: string;

  @ApiProperty({ type: Number, example: 2000 })
  value!: number;
}

export class TimeseriesResponse implements TimeseriesView {
  @ApiProperty({ enum: [...TIMESERIES_METRICS], example: 'revenue' })
  metric!: TimeseriesQuery['metric'];

  @ApiProperty({ enum: [...TIMESERIES_INTERVALS], example: 'week' })
  interval!: TimeseriesQuery['interval'];

  @ApiProperty({ ...CALENDAR_DATE, example: '2025-01-01' })
  from!: string;

  @ApiProperty({ ...CALENDAR_DATE, example: '2025-03-31' })
  to!: string;

  @ApiProperty({ type: () => [TimeseriesPointResponse], description: 'Every bucket from `from` to `to`, empty ones as 0.' })
  points!: TimeseriesPointResponse[];
}

export class DimensionItemResponse implements DimensionItem {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.partnerId })
  id!: string;

  @ApiProperty({ example: 'TechCorp Partners Inc.' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, description: "A partner's current tier; null for products and spiffs.", example: 'gold' })
  tier!: string | null;

  @ApiProperty({ ...CALENDAR_DATE, nullable: true, description: "A spiff's first day; null for partners and products.", example: null })
  start_date!: string | null;

  @ApiProperty({ ...CALENDAR_DATE, nullable: true, description: "A spiff's last day; null for partners and products.", example: null })
  end_date!: string | null;
}

export class DimensionsResponse implements DimensionsView {
  @ApiProperty({ enum: [...ANALYTICS_DIMENSIONS], example: 'partner' })
  kind!: AnalyticsDimension;

  @ApiProperty({ type: () => [DimensionItemResponse], description: 'Ordered by name (case-insensitive).' })
  items!: DimensionItemResponse[];
}
