/** A metric over time (@mantine/charts), filtered by partner / tier / product / spiff, with its table and CSV. */
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import Decimal from 'decimal.js';
import { useState } from 'react';
import { ProblemError } from '../api/problem';
import { formatCount, formatDate, formatMoney, toFixedAmount, todayLocal } from '../format/format';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { useTimeseries } from './api';
import type { Interval, Metric, Timeseries, TimeseriesQuery } from './api';
import { downloadCsv } from './export';
import { addDays, formatBucket } from './periods';
import { SalesFileButton } from './SalesFileButton';
import type { SalesFileQuery } from './SalesFileButton';
import { INTERVAL_LABEL, METRIC_LABEL, TimeseriesFilters } from './TimeseriesFilters';
import type { FilterErrors, SeriesFilters } from './TimeseriesFilters';

export function defaultFilters(today = todayLocal()): SeriesFilters {
  return { metric: 'revenue', interval: 'month', from: `${addDays(today, -364).slice(0, 7)}-01`, to: today, partner: null, tier: null, product: null, spiff: null };
}

export function toQuery(f: SeriesFilters): TimeseriesQuery {
  return {
    metric: f.metric,
    interval: f.interval,
    from: f.from,
    to: f.to,
    ...(f.partner && { partner_id: f.partner.value }),
    ...(f.tier && { tier: f.tier as TimeseriesQuery['tier'] }),
    ...(f.product && { product_id: f.product.value }),
    ...(f.spiff && { spiff_id: f.spiff.value }),
  };
}

/** The sales file's filters: the series' own, without its metric and interval. */
export function toSalesFileQuery(f: SeriesFilters): SalesFileQuery {
  const { metric: _metric, interval: _interval, ...filters } = toQuery(f);
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as SalesFileQuery;
}

/** A value as the metric states it: money exact to the cent, sales as a count. */
export function formatValue(metric: Metric, value: number | Decimal): string {
  return metric === 'sales' ? formatCount(value.toString()) : formatMoney(value);
}

export function seriesCsv(series: Timeseries, filters: SeriesFilters): string {
  const money = series.metric !== 'sales';
  return downloadCsv(
    `spiffworks-${series.metric}-by-${series.interval}-${series.from}-${series.to}.csv`,
    ['period', series.metric, 'interval', 'partner', 'tier', 'product', 'spiff'],
    series.points.map((p) => [p.period, money ? toFixedAmount(p.value) : p.value, series.interval, filters.partner?.label, filters.tier, filters.product?.label, filters.spiff?.label]),
  );
}

function fieldErrors(error: unknown): FilterErrors {
  if (!(error instanceof ProblemError)) return {};
  return Object.fromEntries(error.errors.map((e) => [e.field, e.reason])) as FilterErrors;
}

export function TimeseriesPage() {
  const [filters, setFilters] = useState<SeriesFilters>(() => defaultFilters());
  const complete = Boolean(filters.from && filters.to);
  const series = useTimeseries(toQuery(filters), complete);
  const errors = fieldErrors(series.error);
  const data = series.data?.points.map((p) => ({ period: formatBucket(p.period, series.data!.interval as Interval), value: p.value })) ?? [];
  // Summed as decimals: money is never added as floats.
  const total = series.data?.points.reduce((sum, p) => sum.plus(p.value), new Decimal(0));
  const title = `${METRIC_LABEL[filters.metric]} by ${INTERVAL_LABEL[filters.interval].toLowerCase()}`;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Time series</Title>
          <Text c="dimmed">By sale date; every bucket is shown, empty ones as 0.</Text>
        </div>
        <Group align="flex-start">
          <Button variant="default" disabled={!series.data || series.isError} onClick={() => series.data && seriesCsv(series.data, filters)}>
            Export CSV
          </Button>
          <SalesFileButton query={toSalesFileQuery(filters)} label="Download these sales (CSV)" disabled={!complete || Boolean(errors.from || errors.to)} />
        </Group>
      </Group>
      <Card withBorder padding="md">
        <TimeseriesFilters value={filters} onChange={setFilters} errors={errors} onReset={() => setFilters(defaultFilters())} />
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="series-title">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h3" id="series-title">
            {title}
          </Title>
          {series.data && total !== undefined && (
            <Text size="sm" c="dimmed">
              {formatDate(series.data.from)} – {formatDate(series.data.to)}: {formatValue(filters.metric, total)} in all
            </Text>
          )}
        </Group>
        {!complete ? (
          <EmptyState title="Choose a period">Enter both dates to see the series.</EmptyState>
        ) : series.isPending ? (
          <Loading label="Loading the series…" />
        ) : series.isError ? (
          <ErrorState error={series.error} title="Could not load the series" onRetry={() => void series.refetch()} />
        ) : total?.isZero() ? (
          <EmptyState title="Nothing sold in this period">No sale matches these filters between these dates.</EmptyState>
        ) : (
          <>
            <figure style={{ margin: 0 }} aria-label={`${title}, chart`}>
              <BarChart
                h={280}
                data={data}
                dataKey="period"
                series={[{ name: 'value', label: METRIC_LABEL[filters.metric], color: 'indigo.6' }]}
                valueFormatter={(v) => formatValue(filters.metric, v)}
                tickLine="y"
                gridAxis="y"
                withLegend={false}
              />
              <VisuallyHidden component="figcaption">{title}; the table below lists the same values.</VisuallyHidden>
            </figure>
          </>
        )}
        {series.data && !series.isError && total && !total.isZero() && (
          <Table.ScrollContainer minWidth={360} mah={320} mt="md">
            <Table striped stickyHeader aria-labelledby="series-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Period</Table.Th>
                  <Table.Th scope="col" ta="right">{METRIC_LABEL[series.data.metric as Metric]}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {series.data.points.map((p) => (
                  <Table.Tr key={p.period}>
                    <Table.Td>{formatBucket(p.period, series.data!.interval as Interval)}</Table.Td>
                    <Table.Td ta="right">{formatValue(series.data!.metric as Metric, p.value)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  );
}
