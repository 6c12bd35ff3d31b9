import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RmqContext } from '@nestjs/microservices';
import { Events } from '@spiffworks/contracts';
import type { EventEnvelope, MilestoneAchievedPayload, MilestoneReversedPayload, SaleLoggedPayload, SaleReturnedPayload } from '@spiffworks/contracts';
import { Transactions } from '@spiffworks/runtime';
import { CommissionLedger } from './commission-ledger.service';

@Controller()
export class LedgerEventsHandler {
  constructor(
    private readonly transactions: Transactions,
    private readonly ledger: CommissionLedger,
  ) {}

  @EventPattern<string>(Events.SaleLogged)
  async onSaleLogged(@Payload() event: EventEnvelope<SaleLoggedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    await this.transactions.consume(ctx, event, async (tx) => {
      await this.ledger.bookSale(tx, event.payload);
    });
  }

  @EventPattern<string>(Events.SaleReturned)
  async onSaleReturned(@Payload() event: EventEnvelope<SaleReturnedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    await this.transactions.consume(ctx, event, (tx) => this.ledger.bookClawback(tx, event.payload), this.ledger.lockOriginals);
  }

  @EventPattern<string>(Events.MilestoneAchieved)
  async onMilestoneAchieved(@Payload() event: EventEnvelope<MilestoneAchievedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    await this.transactions.consume(ctx, event, (tx) => this.ledger.bookReward(tx, event.payload));
  }

  @EventPattern<string>(Events.MilestoneReversed)
  async onMilestoneReversed(@Payload() event: EventEnvelope<MilestoneReversedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    await this.transactions.consume(ctx, event, (tx) => this.ledger.bookRewardClawback(tx, event.payload), this.ledger.lockOriginals);
  }
}
