/**
 * The monitoring artifacts in ops/, checked offline (there is no promtool or Grafana here): the
 * Prometheus config and alert rules parse and are complete, and every expression of an alert or a
 * dashboard panel names only metrics the services register, with labels those metrics carry.
 * The registered metrics are read from PlatformMetrics itself, so renaming a metric or a label in
 * the code without the ops files (or the other way round) fails here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { DataSource } from 'typeorm';
import { PlatformMetrics, SERVICE_LABEL } from '@spiffworks/runtime';

const ROOT = resolve(__dirname, '../../../..');
const read = (path: string): string => readFileSync(resolve(ROOT, path), 'utf8');

/** Labels Prometheus adds to every target's series (scrape config and relabelling in ops/prometheus). */
const TARGET_LABELS = ['job', 'instance', 'namespace', 'pod'];
/** Series Prometheus makes itself, per target. */
const PROMETHEUS_OWN: Record<string, string[]> = { up: [] };
const PROMQL_WORDS = new Set([
  'sum', 'min', 'max', 'avg', 'count', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset',
  'rate', 'irate', 'increase', 'delta', 'histogram_quantile', 'min_over_time', 'max_over_time', 'avg_over_time', 'absent', 'clamp_min', 'topk',
]);

/** Every series name a service process can expose, with the labels each carries. */
function registeredSeries(): Map<string, Set<string>> {
  const dataSource = { driver: { master: { totalCount: 0, idleCount: 0, waitingCount: 0, options: { max: 10 } } }, query: async () => [] } as unknown as DataSource;
  const metrics = new PlatformMetrics('fulfillment').watchDatabase(dataSource);
  const series = new Map<string, Set<string>>();
  for (const metric of metrics.registry.getMetricsAsArray() as unknown as Array<{ name: string; labelNames?: string[]; constructor: { name: string } }>) {
    const labels = [...(metric.labelNames ?? []), SERVICE_LABEL, ...TARGET_LABELS];
    const kind = metric.constructor.name;
    const names = kind === 'Histogram' ? ['_bucket', '_sum', '_count'].map((s) => metric.name + s) : kind === 'Summary' ? [metric.name, `${metric.name}_sum`, `${metric.name}_count`] : [metric.name];
    for (const name of names) series.set(name, new Set([...labels, ...(name.endsWith('_bucket') ? ['le'] : []), ...(kind === 'Summary' ? ['quantile'] : [])]));
  }
  for (const [name, labels] of Object.entries(PROMETHEUS_OWN)) series.set(name, new Set([...labels, ...TARGET_LABELS]));
  return series;
}

const SERIES = registeredSeries();

/** What is wrong with a PromQL expression's references (unknown metrics or labels); empty when all are known. */
function unknownReferences(expr: string): string[] {
  const problems: string[] = [];
  const plain = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\[[^\]]*\]/g, '') // ranges
    .replace(/\$\w+/g, ''); // Grafana variables
  const metrics: string[] = [];
  for (const [, name, matchers] of plain.matchAll(/([a-zA-Z_:][\w:]*)\s*\{([^}]*)\}/g)) {
    metrics.push(name);
    for (const [, label] of matchers.matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)) {
      if (SERIES.has(name) && !SERIES.get(name)?.has(label)) problems.push(`${name} has no label ${label}`);
    }
  }
  const grouped: string[] = [];
  const rest = plain
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring)\s*\(([^)]*)\)/g, (_, _word: string, labels: string) => (grouped.push(...labels.split(',').map((l) => l.trim()).filter(Boolean)), ' '));
  for (const [word] of rest.matchAll(/[a-zA-Z_:][\w:]*/g)) if (!PROMQL_WORDS.has(word)) metrics.push(word);
  if (metrics.length === 0) problems.push('names no metric');
  for (const name of metrics) if (!SERIES.has(name)) problems.push(`${name} is not a registered metric`);
  for (const label of grouped) {
    if (!metrics.some((name) => SERIES.get(name)?.has(label))) problems.push(`no metric of it has the label ${label}`);
  }
  return problems;
}

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: { severity?: string };
  annotations?: { summary?: string; description?: string };
}

const prometheus = parse(read('ops/prometheus/prometheus.yml')) as {
  rule_files: string[];
  scrape_configs: Array<{ job_name: string; metrics_path?: string; static_configs?: Array<{ targets: string[] }> }>;
};
const rules = (parse(read('ops/prometheus/alerts.yml')) as { groups: Array<{ name: string; rules: AlertRule[] }> }).groups.flatMap((g) => g.rules);
const dashboard = JSON.parse(read('ops/grafana/spiffworks.json')) as {
  uid: string;
  panels: Array<{ id: number; type: string; title: string; targets?: Array<{ expr: string }> }>;
  templating: { list: Array<{ name: string; query: unknown }> };
};

describe('the checker itself', () => {
  it.each([
    ['a registered counter', 'rate(spiffworks_messages_failed_total{queue="q"}[5m])', []],
    ['a made-up metric', 'rate(spiffworks_events_total[5m]) > 0', ['spiffworks_events_total is not a registered metric']],
    ['Prometheus\' own service label, which the series do not carry', 'sum by (service) (spiffworks_outbox_backlog)', ['no metric of it has the label service']],
    ['a label the metric does not have', 'spiffworks_outbox_backlog{queue="q"}', ['spiffworks_outbox_backlog has no label queue']],
    ['le on a histogram\'s buckets', 'histogram_quantile(0.99, sum by (le) (rate(spiffworks_event_lag_seconds_bucket[5m])))', []],
    ['a histogram named without its suffix', 'rate(spiffworks_event_lag_seconds[5m])', ['spiffworks_event_lag_seconds is not a registered metric']],
    ['no metric at all', '1 > 0', ['names no metric']],
  ])('%s', (_case, expr, problems) => {
    expect(unknownReferences(expr)).toEqual(problems);
  });
});

describe('ops/prometheus', () => {
  it('scrapes every process of the compose file on its PORT, and loads the alert rules beside it', () => {
    expect(prometheus.rule_files).toEqual(['alerts.yml']);
    const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> };
    const job = prometheus.scrape_configs.find((c) => c.job_name === 'spiffworks');
    const targets = job?.static_configs?.flatMap((c) => c.targets) ?? [];
    const apps = ['gateway', 'partners', 'campaigns', 'fulfillment', 'commissions', 'analytics'];
    expect(targets.sort()).toEqual(apps.map((app) => `${app}:${compose.services[app].environment?.PORT}`).sort());
    expect(job?.metrics_path).toBe('/metrics');
  });

  it('has an alert, with a severity, a duration and words for the operator, for lag, outbox backlog and age, and dead letters', () => {
    for (const rule of rules) {
      expect({ alert: rule.alert, severity: rule.labels?.severity }).toEqual({ alert: expect.stringMatching(/^Spiffworks[A-Z]\w+$/), severity: expect.stringMatching(/^(warning|critical)$/) });
      expect(rule.for).toMatch(/^\d+[smh]$/);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
    }
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
    for (const metric of ['spiffworks_event_lag_seconds_bucket', 'spiffworks_outbox_backlog', 'spiffworks_outbox_oldest_unsent_age_seconds', 'spiffworks_messages_dead_lettered_total']) {
      expect(rules.filter((r) => r.expr.includes(metric)).map((r) => r.alert)).not.toEqual([]);
    }
  });

  it.each(rules.map((r) => [r.alert, r.expr]))('%s names only registered metrics and their labels', (_alert, expr) => {
    expect(unknownReferences(expr)).toEqual([]);
  });
});

describe('ops/grafana/spiffworks.json', () => {
  const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => [p.title, t.expr] as const));

  it('charts event rate, handling duration p50/p99, lag, outbox, pool, dead letters and HTTP', () => {
    expect(dashboard.uid).toBe('spiffworks');
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    const all = exprs.map(([, e]) => e).join('\n');
    for (const metric of [
      'spiffworks_messages_consumed_total', 'spiffworks_event_handling_duration_seconds_bucket', 'spiffworks_event_lag_seconds_bucket',
      'spiffworks_outbox_backlog', 'spiffworks_outbox_oldest_unsent_age_seconds', 'spiffworks_db_pool_connections', 'spiffworks_db_pool_waiting',
      'spiffworks_messages_dead_lettered_total', 'spiffworks_http_request_duration_seconds_bucket',
    ]) expect(all).toContain(metric);
    expect(all).toContain('histogram_quantile(0.5, sum by (le, queue) (rate(spiffworks_event_handling_duration_seconds_bucket');
    expect(all).toContain('histogram_quantile(0.99, sum by (le, queue) (rate(spiffworks_event_handling_duration_seconds_bucket');
  });

  it.each(exprs)('%s names only registered metrics and their labels', (_title, expr) => {
    expect(unknownReferences(expr)).toEqual([]);
  });

  it('lists services by the spiffworks_service label', () => {
    const service = dashboard.templating.list.find((v) => v.name === 'service');
    expect(JSON.stringify(service?.query)).toContain(`, ${SERVICE_LABEL})`);
  });
});
