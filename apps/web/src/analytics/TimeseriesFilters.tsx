/** The time series' filters: metric, interval, the sale-date range, and one partner / tier / product / spiff. */
import { Button, Group, Select, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { PARTNER_TIERS } from '@spiffworks/contracts';
import type { Interval, Metric } from './api';
import { DimensionSelect } from './DimensionSelect';
import type { Choice } from './DimensionSelect';

export interface SeriesFilters {
  metric: Metric;
  interval: Interval;
  from: string;
  to: string;
  partner: Choice | null;
  tier: string | null;
  product: Choice | null;
  spiff: Choice | null;
}

export const METRIC_LABEL: Record<Metric, string> = { revenue: 'Revenue', sales: 'Sales', commission: 'Commission' };
export const INTERVAL_LABEL: Record<Interval, string> = { day: 'Day', week: 'Week', month: 'Month' };
const tierLabel = (tier: string): string => tier.charAt(0).toUpperCase() + tier.slice(1);

/** Field errors the API named (`from`, `to`, `tier`, …), shown at their field. */
export type FilterErrors = Partial<Record<'metric' | 'interval' | 'from' | 'to' | 'partner_id' | 'tier' | 'product_id' | 'spiff_id', string>>;

export function TimeseriesFilters({
  value,
  onChange,
  errors = {},
  onReset,
}: {
  value: SeriesFilters;
  onChange: (next: SeriesFilters) => void;
  errors?: FilterErrors;
  onReset?: () => void;
}) {
  const set = <K extends keyof SeriesFilters>(key: K, v: SeriesFilters[K]): void => onChange({ ...value, [key]: v });
  return (
    <Stack gap="sm" component="form" aria-label="Time series filters" onSubmit={(event) => event.preventDefault()}>
      <Group gap="lg" align="flex-end" wrap="wrap">
        <div role="group" aria-labelledby="metric-label">
          <Text size="sm" fw={500} id="metric-label" mb={4}>
            Metric
          </Text>
          <SegmentedControl
            aria-label="Metric"
            value={value.metric}
            onChange={(v) => set('metric', v as Metric)}
            data={(Object.keys(METRIC_LABEL) as Metric[]).map((m) => ({ value: m, label: METRIC_LABEL[m] }))}
          />
        </div>
        <div role="group" aria-labelledby="interval-label">
          <Text size="sm" fw={500} id="interval-label" mb={4}>
            Interval
          </Text>
          <SegmentedControl
            aria-label="Interval"
            value={value.interval}
            onChange={(v) => set('interval', v as Interval)}
            data={(Object.keys(INTERVAL_LABEL) as Interval[]).map((i) => ({ value: i, label: INTERVAL_LABEL[i] }))}
          />
        </div>
        <TextInput type="date" label="From" required value={value.from} error={errors.from} onChange={(e) => set('from', e.currentTarget.value)} />
        <TextInput type="date" label="To" required value={value.to} error={errors.to} onChange={(e) => set('to', e.currentTarget.value)} />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <DimensionSelect kind="partner" label="Partner" value={value.partner} onChange={(c) => set('partner', c)} />
        <Select
          label="Tier"
          placeholder="All"
          clearable
          data={PARTNER_TIERS.map((t) => ({ value: t, label: tierLabel(t) }))}
          value={value.tier}
          onChange={(t) => set('tier', t)}
          disabled={Boolean(value.spiff)}
          description={value.spiff ? 'Not with a spiff' : 'The tier at the time of the sale'}
          error={errors.tier}
        />
        <DimensionSelect kind="product" label="Product" value={value.product} onChange={(c) => set('product', c)} />
        <DimensionSelect
          kind="spiff"
          label="Spiff"
          value={value.spiff}
          description="Sales on which it paid a bonus"
          onChange={(c) => onChange({ ...value, spiff: c, tier: c ? null : value.tier })}
        />
      </SimpleGrid>
      {onReset && (
        <Group>
          <Button variant="subtle" size="xs" onClick={onReset}>
            Clear filters
          </Button>
        </Group>
      )}
    </Stack>
  );
}
