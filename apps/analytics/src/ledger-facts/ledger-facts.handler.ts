import { Controller } from '@nestjs/common';
import { Events } from '@spiffworks/contracts';
import type {
  CommissionChangedPayload, CommissionsRecordedPayload, MilestoneAchievedPayload, MilestoneReversedPayload, SaleLoggedPayload,
  SaleReturnedPayload, SalesLoggedPayload,
} from '@spiffworks/contracts';
import { OnEvent, Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { LedgerFactsService } from './ledger-facts.service';

/** Files the facts of sales, returns, ledger lines and milestones into the read models. */
@Controller()
export class LedgerFactsHandler {
  constructor(
    readonly transactions: Transactions,
    private readonly facts: LedgerFactsService,
  ) {}

  @OnEvent(Events.SaleLogged, { together: (self: LedgerFactsHandler) => (sales, tx) => self.facts.recordSales(tx.manager, sales) })
  recordSale(sale: SaleLoggedPayload, tx: Transaction): Promise<void> {
    return this.facts.recordSale(tx.manager, sale);
  }

  @OnEvent(Events.SalesLogged)
  async recordSales({ sales }: SalesLoggedPayload, tx: Transaction): Promise<void> {
    await this.facts.recordSales(tx.manager, sales);
  }

  @OnEvent(Events.SaleReturned)
  recordReturn(returned: SaleReturnedPayload, tx: Transaction): Promise<void> {
    return this.facts.recordReturn(tx.manager, returned);
  }

  @OnEvent([Events.CommissionRecorded, Events.CommissionApproved, Events.CommissionPaid, Events.CommissionRejected, Events.CommissionReviewed])
  recordCommission(line: CommissionChangedPayload, tx: Transaction): Promise<void> {
    return this.facts.recordCommission(tx.manager, line);
  }

  @OnEvent(Events.CommissionsRecorded)
  async recordCommissions({ lines }: CommissionsRecordedPayload, tx: Transaction): Promise<void> {
    await this.facts.recordCommissions(tx.manager, lines);
  }

  @OnEvent(Events.MilestoneAchieved)
  recordMilestone(achievement: MilestoneAchievedPayload, tx: Transaction): Promise<void> {
    return this.facts.recordMilestone(tx.manager, achievement);
  }

  @OnEvent(Events.MilestoneReversed)
  recordMilestoneReversal(reversal: MilestoneReversedPayload, tx: Transaction): Promise<void> {
    return this.facts.recordMilestoneReversal(tx.manager, reversal);
  }
}
