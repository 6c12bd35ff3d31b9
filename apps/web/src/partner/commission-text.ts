/**
 * A commission in plain words, the same for the live preview (the trace `calculateSaleCommission`
 * answers) and for a ledger line (the trace the ledger stored):
 *   "12 % of 2,000.00 = 240.00; Q4 Laptop Promotion: 100.00 × 2 = 200.00"
 * Every figure is the exact decimal of the trace; nothing is recomputed with floats.
 */
import type { Schemas } from '../api/client';
import { formatDecimal, formatRate } from '../format/format';

type Trace = Schemas['CommissionTraceResponse'];

/** The base's sentence and each applied spiff's, from a sale's trace and its base amount. */
export function saleTraceParts(trace: Trace, base: number | string, locale?: string): string[] {
  const parts: string[] = [];
  if (trace.commission_rate !== undefined && trace.revenue !== undefined) {
    parts.push(`${formatRate(trace.commission_rate, locale)} of ${formatDecimal(trace.revenue, locale)} = ${formatDecimal(base, locale)}`);
  }
  for (const spiff of trace.spiffs ?? []) {
    if (!spiff.applied) continue;
    const how =
      spiff.incentive_type === 'fixed'
        ? `${formatDecimal(spiff.incentive_amount, locale)} × ${trace.quantity ?? '?'}`
        : `${formatRate(spiff.incentive_amount, locale)} of ${formatDecimal(trace.revenue ?? '0', locale)}`;
    parts.push(`${spiff.name}: ${how} = ${formatDecimal(spiff.bonus, locale)}`);
  }
  return parts;
}

/** One ledger line's trace in plain words (sales, rewards, clawbacks and their reversals). */
export function describeLine(line: Pick<Schemas['CommissionResponse'], 'kind' | 'trace' | 'commission_amount' | 'total_commission'>, locale?: string): string {
  const { trace } = line;
  switch (line.kind) {
    case 'sale':
      return saleTraceParts(trace, line.commission_amount, locale).join('; ');
    case 'milestone_reward':
      return trace.reward
        ? `Milestone “${trace.reward.milestone}” reached (${trace.reward.metric} ≥ ${formatDecimal(trace.reward.threshold, locale, 0)}): reward ${formatDecimal(trace.reward.reward_amount, locale)}`
        : `Milestone reward ${formatDecimal(line.total_commission, locale)}`;
    case 'clawback':
      return trace.clawback
        ? `Return of ${trace.clawback.returned} of ${trace.clawback.sold_quantity} units: ${formatDecimal(line.total_commission, locale)} taken back (${trace.clawback.method})`
        : `Clawback ${formatDecimal(line.total_commission, locale)}`;
    case 'reward_clawback':
      return trace.reward_clawback
        ? `Milestone “${trace.reward_clawback.milestone}” no longer reached after a return: reward of ${formatDecimal(line.total_commission, locale)} taken back`
        : `Reward taken back: ${formatDecimal(line.total_commission, locale)}`;
    case 'clawback_reversal':
      return trace.reversal ? `Clawback given back: ${trace.reversal.reason}` : `Clawback given back: ${formatDecimal(line.total_commission, locale)}`;
    case 'adjustment':
      return trace.adjustment
        ? `Adjustment of ${formatDecimal(line.total_commission, locale)} resolving your dispute: “${trace.adjustment.answer}”`
        : `Adjustment ${formatDecimal(line.total_commission, locale)}`;
    default:
      return '';
  }
}
