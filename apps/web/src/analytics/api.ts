/** The analytics screens' queries, over the typed client (shapes from the OpenAPI document). */
import { useDebouncedValue } from '@mantine/hooks';
import { api } from '../api/client';
import type { Schemas, paths } from '../api/client';
import { useApiQuery } from '../api/query';

export type Overview = Schemas['OverviewResponse'];
export type Timeseries = Schemas['TimeseriesResponse'];
export type SpiffPerformance = Schemas['SpiffAnalyticsResponse'];
export type DimensionItem = Schemas['DimensionItemResponse'];
export type TimeseriesQuery = paths['/api/analytics/timeseries']['get']['parameters']['query'];
export type Dimension = paths['/api/analytics/dimensions']['get']['parameters']['query']['kind'];
export type Metric = TimeseriesQuery['metric'];
export type Interval = TimeseriesQuery['interval'];

export function useOverview() {
  return useApiQuery(['/api/analytics/overview'], () => api.GET('/api/analytics/overview'));
}

/** Drops empty filters, so the query key and the request carry only what is set. */
export function cleanQuery(query: TimeseriesQuery): TimeseriesQuery {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')) as TimeseriesQuery;
}

export function useTimeseries(query: TimeseriesQuery, enabled = true) {
  const clean = cleanQuery(query);
  return useApiQuery(['/api/analytics/timeseries', clean], () => api.GET('/api/analytics/timeseries', { params: { query: clean } }), { enabled });
}

/** A filter's choices: those whose name contains what was typed (debounced), at most 20. */
export function useDimension(kind: Dimension, search: string) {
  const [debounced] = useDebouncedValue(search.trim(), 250);
  return useApiQuery(['/api/analytics/dimensions', kind, debounced], () =>
    api.GET('/api/analytics/dimensions', { params: { query: { kind, ...(debounced && { search: debounced }), limit: 20 } } }),
  );
}

export function useSpiffPerformance(spiffId: string | undefined) {
  return useApiQuery(
    ['/api/analytics/spiffs/{id}', spiffId],
    () => api.GET('/api/analytics/spiffs/{id}', { params: { path: { id: spiffId! } } }),
    { enabled: Boolean(spiffId) },
  );
}
