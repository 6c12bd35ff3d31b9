import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RmqContext } from '@nestjs/microservices';
import { Events } from '@spiffworks/contracts';
import type {
  CommissionChangedPayload, EventEnvelope, MilestoneAchievedPayload, MilestoneReversedPayload, SaleLoggedPayload, SaleReturnedPayload,
} from '@spiffworks/contracts';
import { Transactions } from '@spiffworks/runtime';
import { LedgerFactsService } from './ledger-facts.service';

/** Sales, ledger lines and milestones, each event applied exactly once (inbox). */
@Controller()
export class LedgerEventsHandler {
  constructor(
    private readonly transactions: Transactions,
    private readonly facts: LedgerFactsService,
  ) {}

  @EventPattern<string>(Events.SaleLogged)
  onSaleLogged(@Payload() event: EventEnvelope<SaleLoggedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.facts.recordSale(tx.manager, event.payload));
  }

  @EventPattern<string>(Events.SaleReturned)
  onSaleReturned(@Payload() event: EventEnvelope<SaleReturnedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.facts.recordReturn(tx.manager, event.payload));
  }

  @EventPattern<string>(Events.CommissionRecorded)
  onRecorded(@Payload() event: EventEnvelope<CommissionChangedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.facts.recordCommission(tx.manager, event.payload));
  }

  @EventPattern<string>(Events.CommissionApproved)
  onApproved(@Payload() event: EventEnvelope<CommissionChangedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.facts.recordCommission(tx.manager, event.payload));
  }

  @EventPattern<string>(Events.CommissionPaid)
  onPaid(@Payload() event: EventEnvelope<CommissionChangedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.facts.recordCommission(tx.manager, event.payload));
  }

  @EventPattern<string>(Events.CommissionRejected)
  onRejected(@Payload() event: EventEnvelope<CommissionChangedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.facts.recordCommission(tx.manager, event.payload));
  }

  @EventPattern<string>(Events.MilestoneAchieved)
  onMilestone(@Payload() event: EventEnvelope<MilestoneAchievedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.facts.recordMilestone(tx.manager, event.payload));
  }

  @EventPattern<string>(Events.MilestoneReversed)
  onMilestoneReversed(@Payload() event: EventEnvelope<MilestoneReversedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.facts.recordMilestoneReversal(tx.manager, event.payload));
  }
}
