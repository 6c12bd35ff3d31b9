import { Controller } from '@nestjs/common';
import { Events } from '@spiffworks/contracts';
import type { MilestoneAchievedPayload, MilestoneReversedPayload, SaleLoggedPayload, SaleReturnedPayload, SalesLoggedPayload } from '@spiffworks/contracts';
import { OnEvent, Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { CommissionLedger } from './commission-ledger.service';

/** Books the ledger from what fulfillment reports: sales and returns, milestones reached and reversed. */
@Controller()
export class LedgerBookingHandler {
  constructor(
    readonly transactions: Transactions,
    private readonly ledger: CommissionLedger,
  ) {}

  // Sales consumed together are booked as one `sales.logged` would book them: one statement, one `commissions.recorded`.
  @OnEvent(Events.SaleLogged, { together: (self: LedgerBookingHandler) => (sales, tx) => self.ledger.bookSales(tx, sales) })
  async bookSale(sale: SaleLoggedPayload, tx: Transaction): Promise<void> {
    await this.ledger.bookSale(tx, sale);
  }

  @OnEvent(Events.SalesLogged)
  async bookSales({ sales }: SalesLoggedPayload, tx: Transaction): Promise<void> {
    await this.ledger.bookSales(tx, sales);
  }

  @OnEvent(Events.SaleReturned, { lock: (self: LedgerBookingHandler) => self.ledger.lockOriginals })
  bookClawback(returned: SaleReturnedPayload, tx: Transaction): Promise<void> {
    return this.ledger.bookClawback(tx, returned);
  }

  @OnEvent(Events.MilestoneAchieved)
  bookReward(reward: MilestoneAchievedPayload, tx: Transaction): Promise<void> {
    return this.ledger.bookReward(tx, reward);
  }

  @OnEvent(Events.MilestoneReversed, { lock: (self: LedgerBookingHandler) => self.ledger.lockOriginals })
  bookRewardClawback(reversed: MilestoneReversedPayload, tx: Transaction): Promise<void> {
    return this.ledger.bookRewardClawback(tx, reversed);
  }
}
