/**
 * A ledger line's trace in plain words, from the numbers the ledger froze when it booked the line:
 * "12 % of 2,000.00 = 240.00; Q4 Laptop Promotion: 100.00 × 2 = 200.00". No arithmetic here: every
 * figure is the API's own (decimal strings and exact-to-the-cent numbers), only formatted.
 */
import type { Schemas } from '../../api/client';
import { formatDecimal, formatRate } from '../../format/format';

type Line = Schemas['AdminCommissionResponse'];

export function traceLines(line: Line): string[] {
  const t = line.trace;
  const out: string[] = [];
  if (line.kind === 'sale') {
    if (t.commission_rate !== undefined && t.revenue !== undefined) {
      out.push(`Base: ${formatRate(t.commission_rate)}${t.tier ? ` (${t.tier} tier)` : ''} of ${formatDecimal(t.revenue)} = ${formatDecimal(line.commission_amount)}`);
    }
    for (const s of t.spiffs ?? []) {
      if (!s.applied) {
        out.push(`${s.name}: no bonus (${s.reason})`);
      } else if (s.incentive_type === 'percentage') {
        out.push(`${s.name}: ${formatRate(s.incentive_amount)} of ${formatDecimal(t.revenue ?? line.revenue)} = ${formatDecimal(s.bonus)}`);
      } else {
        out.push(`${s.name}: ${formatDecimal(s.incentive_amount)} × ${t.quantity ?? '?'} = ${formatDecimal(s.bonus)}`);
      }
    }
  }
  if (t.reward) out.push(`Milestone "${t.reward.milestone}" reached (${t.reward.threshold} ${t.reward.metric}): reward ${formatDecimal(t.reward.reward_amount)}`);
  if (t.clawback) {
    out.push(`Return of ${t.clawback.returned} of ${t.clawback.sold_quantity} units sold (${t.clawback.returned_before} returned before): takes back ${formatDecimal(line.total_commission)}`);
    out.push(`Method: ${t.clawback.method}`);
  }
  if (t.reward_clawback) {
    const r = t.reward_clawback;
    out.push(`Milestone "${r.milestone}" no longer reached after a return: progress ${r.progress} below ${r.threshold} ${r.metric}; takes back ${formatDecimal(line.total_commission)}`);
  }
  if (t.reversal) out.push(`Gives back a clawback: ${t.reversal.reason}`);
  if (t.adjustment) {
    out.push(`Adjusts line ${t.adjustment.disputed_line_id} by ${formatDecimal(t.adjustment.adjustment_amount)}, resolving dispute ${t.adjustment.dispute_id}`);
    out.push(`Partner's reason: ${t.adjustment.reason}`);
    out.push(`Answer: ${t.adjustment.answer}`);
  }
  out.push(`Rounding: ${t.rounding}`);
  return out;
}
