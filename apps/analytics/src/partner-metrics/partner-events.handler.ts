import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RmqContext } from '@nestjs/microservices';
import { Events } from '@spiffworks/contracts';
import type { AssignmentsCreatedPayload, EventEnvelope, PartnerSnapshot } from '@spiffworks/contracts';
import { Transactions } from '@spiffworks/runtime';
import { PartnerMetricsService } from './partner-metrics.service';

@Controller()
export class PartnerEventsHandler {
  constructor(
    private readonly transactions: Transactions,
    private readonly metrics: PartnerMetricsService,
  ) {}

  @EventPattern<string>(Events.PartnerRegistered)
  onRegistered(@Payload() event: EventEnvelope<PartnerSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.metrics.recordPartner(tx.manager, event.payload));
  }

  @EventPattern<string>(Events.PartnerApproved)
  onApproved(@Payload() event: EventEnvelope<PartnerSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.metrics.recordPartner(tx.manager, event.payload));
  }

  @EventPattern<string>(Events.PartnerUpdated)
  onUpdated(@Payload() event: EventEnvelope<PartnerSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.metrics.recordPartner(tx.manager, event.payload));
  }

  @EventPattern<string>(Events.AssignmentsClosed)
  onAssignmentsClosed(@Payload() event: EventEnvelope<AssignmentsCreatedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.metrics.recordClosedAssignments(tx.manager, event.payload));
  }

  @EventPattern<string>(Events.AssignmentsCreated)
  onAssignments(@Payload() event: EventEnvelope<AssignmentsCreatedPayload>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.metrics.recordAssignments(tx.manager, event.payload));
  }
}
