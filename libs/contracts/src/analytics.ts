export interface PartnerMetricsView {
  partner_id: string;
  partner_name: string;
  metrics: {
    total_sales: number;
    total_revenue: number;
    /** base_commission + spiff_bonus of lines not rejected. */
    total_commission: number;
    base_commission: number;
    spiff_bonus: number;
    /** By status, over every ledger line (sales and milestone rewards). */
    pending_commission: number;
    approved_commission: number;
    paid_commission: number;
    active_assignments: number;
    milestones_achieved: number;
    milestone_rewards: number;
  };
}

export interface TopPartner {
  partner_id: string;
  partner_name: string;
  sales_count: number;
  revenue: number;
  commission: number;
}

export interface OverviewView {
  overview: {
    total_assignments: number;
    active_assignments: number;
    total_sales: number;
    total_revenue: number;
    total_commission: number;
  };
  top_partners: TopPartner[];
}

export interface SpiffAnalyticsView {
  spiff_id: string;
  name: string;
  start_date: string;
  end_date: string;
  sales: number;
  revenue: number;
  bonus_cost: number;
  partners_assigned: number;
  partners_sold: number;
  /** Revenue of the spiff's products, by every partner, during the spiff and the same-length period just before. */
  revenue_during: number;
  revenue_before: number;
  revenue_lift_percent: number | null;
}

export const TIMESERIES_METRICS = ['revenue', 'sales', 'commission'] as const;
export const TIMESERIES_INTERVALS = ['day', 'week', 'month'] as const;

export interface TimeseriesQuery {
  metric: (typeof TIMESERIES_METRICS)[number];
  interval: (typeof TIMESERIES_INTERVALS)[number];
  from: string;
  to: string;
  partner_id?: string;
  tier?: string;
  product_id?: string;
  spiff_id?: string;
}

export interface TimeseriesView {
  metric: TimeseriesQuery['metric'];
  interval: TimeseriesQuery['interval'];
  from: string;
  to: string;
  points: Array<{ period: string; value: number }>;
}
