import { Controller } from '@nestjs/common';
import { Events } from '@spiffworks/contracts';
import type { DisputeOpenedPayload, DisputeResolvedPayload } from '@spiffworks/contracts';
import { OnEvent, Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { AggregateIncrements } from '../read-models/increments';
import { disputeIncrements } from './dispute-increments';
import type { DisputeIncrements } from './dispute-increments';

/**
 * Counts disputes per partner and per spiff (the disputed line's spiffs). The money of an
 * adjustment reaches the commission totals through its own ledger line (`commission.recorded`);
 * these counters only say how much was adjusted through disputes.
 */
@Controller()
export class DisputeFactsHandler {
  constructor(
    readonly transactions: Transactions,
    private readonly aggregates: AggregateIncrements,
  ) {}

  @OnEvent(Events.DisputeOpened)
  recordOpened(opened: DisputeOpenedPayload, tx: Transaction): Promise<void> {
    return this.add(tx, opened, disputeIncrements({ opened }));
  }

  @OnEvent(Events.DisputeResolved)
  recordResolved(resolved: DisputeResolvedPayload, tx: Transaction): Promise<void> {
    return this.add(tx, resolved, disputeIncrements({ resolved }));
  }

  private async add(tx: Transaction, dispute: { partner_id: string; spiff_ids: string[] }, increments: DisputeIncrements): Promise<void> {
    const counts = { ...increments };
    this.aggregates.addTo(tx.manager, 'partner_summaries', { partner_id: dispute.partner_id }, counts);
    for (const spiffId of [...new Set(dispute.spiff_ids)].sort()) {
      this.aggregates.addTo(tx.manager, 'spiff_summaries', { spiff_id: spiffId }, counts);
    }
  }
}
