import { atLeast, atMost, measured } from './report';
import type { GoalCheck } from './report';
import type { FanOutResult } from './scenarios/fan-out';
import type { PartnerImportResult } from './scenarios/partner-import';
import type { SalePathResult } from './scenarios/sale-path';

/** Scenario 1: ≤ 3× the raw bulk insert, ≥ 50× faster than one insert per partner. */
export function fanOutGoals(fanOut: FanOutResult): GoalCheck[] {
  const loopOverBulk = Math.round((fanOut.per_row_loop_ms / fanOut.raw_bulk_insert_ms) * 100) / 100;
  return [
    atMost('1 fan-out', `${fanOut.partners} assignments, ms`, fanOut.platform_ms, fanOut.raw_bulk_insert_ms * 3, ' ms (3× bulk)', `bulk insert ${fanOut.raw_bulk_insert_ms} ms`),
    atLeast('1 fan-out', 'speed-up over per-row loop', fanOut.speedup_over_loop, 50, '×', `loop ${fanOut.per_row_loop_ms} ms (bulk: ${loopOverBulk}×)`),
    atLeast('1 fan-out', 'speed-up over per-partner API', fanOut.speedup_over_api, 50, '×', `API ${fanOut.per_partner_api_ms} ms`),
  ];
}

/** Scenarios 2 and 3: ≥ 1,000 sales/s at p99 ≤ 100 ms; freshness p99 ≤ 500 ms. */
export function salePathGoals(sale: SalePathResult): GoalCheck[] {
  const { saturated, half_rate: paced } = sale;
  const errors = (f: { errors: number; non_2xx: number }) => f.errors + f.non_2xx;
  return [
    atLeast('2 sale path', `sales/s (${sale.connections} connections)`, saturated.sales_per_s, 1000, '', `single-row insert ${sale.reference_single_row_insert_tps} tps`),
    atMost('2 sale path', 'p99 latency at that rate, ms', saturated.latency_p99_ms, 100, ' ms', `p50 ${saturated.latency_p50_ms} ms, errors ${errors(saturated)}`),
    atMost('2 sale path', `p99 latency at ${paced.target_per_s}/s, ms`, paced.latency_p99_ms, 100, ' ms', `p50 ${paced.latency_p50_ms} ms, errors ${errors(paced)}`),
    atMost('3 freshness', 'p99 201 → analytics, saturated, ms', Math.round(sale.freshness.p99_ms), 500, ' ms', `p50 ${Math.round(sale.freshness.p50_ms)} ms, n=${sale.freshness.count}`),
    atMost('3 freshness', `p99 201 → analytics at ${paced.target_per_s}/s, ms`, Math.round(paced.freshness.p99_ms), 500, ' ms', `p50 ${Math.round(paced.freshness.p50_ms)} ms, n=${paced.freshness.count}`),
    // Reported beside the unbudgeted figure: sales of one budgeted spiff queue on its fund's row lock.
    atLeast('2 sale path', 'sales/s against a budgeted spiff', sale.budgeted.sales_per_s, 0, '', `unbudgeted ${sale.budgeted.unbudgeted_sales_per_s}/s, p99 ${sale.budgeted.latency_p99_ms} ms, errors ${errors(sale.budgeted)}`),
  ];
}

/** Scenario 5: each service's peak RSS during scenarios 2–3 ≤ 200 MB. */
export function memoryGoals(sale: SalePathResult): GoalCheck[] {
  return Object.entries(sale.peak_rss_mb).map(([service, mb]) => atMost('5 memory', `peak RSS ${service}, MB`, mb, 200, ' MB'));
}

/** Scenario 8: a partner file of 100,000 at ≥ 5,000 partners/s (upload start → completed), then the fan-out as today. */
export function partnerImportGoals(result: PartnerImportResult): GoalCheck[] {
  return [
    atLeast('9 partner import', `${result.partners} partners, partners/s`, result.partners_per_s, 5000, '',
      `bulk insert ${result.reference_bulk_insert_ms} ms (import ${result.import_over_bulk}× as long); API ${result.reference_api_partners_per_s} partners/s`),
    measured('9 partner import', 'upload start → fan-out assignments of all, ms', result.fan_out_ms,
      `import completed at ${result.import_ms} ms; directory ${result.directory_ms} ms, analytics ${result.analytics_ms} ms`),
    measured('9 partner import', `rows with a password (${result.password_rows}), partners/s`, result.password_partners_per_s, 'bcrypt cost 10 per row, in the worker'),
  ];
}
