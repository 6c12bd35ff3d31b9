import type { DisputeOpenedPayload, DisputeResolvedPayload } from '@spiffworks/contracts';

/** What a dispute event adds to its partner's row and to each of its spiffs' rows. */
export interface DisputeIncrements {
  open_disputes: number;
  adjustments?: number;
  /** Decimal string, to the cent. */
  adjustment_amount?: string;
}

/** Opened: one more open. Resolved: one fewer open; adjusted also one adjustment of its amount. */
export function disputeIncrements(event: { opened: DisputeOpenedPayload } | { resolved: DisputeResolvedPayload }): DisputeIncrements {
  if ('opened' in event) return { open_disputes: 1 };
  const { status, adjustment_amount } = event.resolved;
  if (status === 'resolved_adjusted' && adjustment_amount !== null) return { open_disputes: -1, adjustments: 1, adjustment_amount };
  return { open_disputes: -1 };
}
