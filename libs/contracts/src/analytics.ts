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

/**
 * What the time series can be filtered by, as analytics knows it from its own read models (partners
 * and spiffs from their events, products from `product.created`): the choices of a filter, for
 * users (analysts) who may not list partners, products or spiffs themselves.
 */
export const ANALYTICS_DIMENSIONS = ['partner', 'product', 'spiff'] as const;
export type AnalyticsDimension = (typeof ANALYTICS_DIMENSIONS)[number];

export interface DimensionsQuery {
  kind: AnalyticsDimension;
  /** Case-insensitive part of the name. */
  search?: string;
  /** At most this many, by name; 20 unless told, at most 50. */
  limit?: number;
}

export interface DimensionItem {
  id: string;
  name: string;
  /** A partner's current tier; null for products and spiffs. */
  tier: string | null;
  /** A spiff's period; null for partners and products. */
  start_date: string | null;
  end_date: string | null;
}

export interface DimensionsView {
  kind: AnalyticsDimension;
  items: DimensionItem[];
}
