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
    /** Disputes of the partner's lines now open. */
    open_disputes: number;
    /** Disputes resolved with an adjustment, and the sum of those adjustments (either sign; also in the totals above through their lines). */
    adjustments: number;
    adjustment_amount: number;
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
  /** Disputes of lines the spiff paid a bonus on: open now; resolved with an adjustment, and their sum. */
  open_disputes: number;
  adjustments: number;
  adjustment_amount: number;
  /** The spiff's burn-down: per sale day with bonus, that day's bonus and the cumulative bonus up to it, oldest first. */
  burn_down: Array<{ day: string; bonus: number; cumulative: number }>;
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

/**
 * The sales file (`GET /api/analytics/export.csv`): one row per sale analytics has counted, as its
 * read model holds it. Revenue and quantity as logged (returns are not netted: they are lines of
 * their own in the payout file); the commission columns are the sale's ledger line in its latest
 * known state, empty while analytics has not heard of the line yet. `spiff_ids`: the spiffs that
 * paid the line a bonus, space-separated.
 */
export const SALES_EXPORT_COLUMNS = [
  'sale_id', 'sale_date', 'partner_id', 'partner_name', 'tier', 'product_id', 'product_name', 'quantity', 'revenue',
  'base_commission', 'spiff_bonus', 'total_commission', 'commission_status', 'spiff_ids',
] as const;

/** What the sales file selects; dates are sale dates, both ends included. */
export interface SalesExportFilters {
  from?: string;
  to?: string;
  partner_id?: string;
  /** The partner's tier at the time of the sale. */
  tier?: string;
  product_id?: string;
  /** Sales whose ledger line carries a bonus of this spiff. */
  spiff_id?: string;
}

/** Where a page of the sales file ended: the next starts after this sale (by sale_date, then sale_id). */
export interface SalesExportCursor {
  sale_date: string;
  sale_id: string;
}

/** One page of the sales file: the gateway asks page after page and streams them, so no message holds the whole file. */
export interface SalesExportPageQuery extends SalesExportFilters {
  after: SalesExportCursor | null;
  limit: number;
}

export interface SalesExportPage {
  /** CSV records without the header, each ended by `\n`; empty when no sale is left. */
  csv: string;
  rows: number;
  /** Null on the last page. */
  next: SalesExportCursor | null;
}
