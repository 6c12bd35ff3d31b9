import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RmqContext } from '@nestjs/microservices';
import { Events } from '@spiffworks/contracts';
import type { EventEnvelope, PartnerSnapshot, ProductSnapshot, SpiffSnapshot } from '@spiffworks/contracts';
import { Transactions } from '@spiffworks/runtime';
import { ReplicasService } from '../replicas/replicas.service';
import { SpiffAssignmentsService } from './spiff-assignments.service';

/** Translates the events fulfillment consumes into service calls, each applied exactly once. */
@Controller()
export class CampaignEventsHandler {
  constructor(
    private readonly transactions: Transactions,
    private readonly spiffAssignments: SpiffAssignmentsService,
    private readonly replicas: ReplicasService,
  ) {}

  @EventPattern<string>(Events.SpiffCreated)
  async onSpiffCreated(@Payload() event: EventEnvelope<SpiffSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    await this.transactions.consume(ctx, event, async (tx) => {
      await this.spiffAssignments.assignPartnersToSpiff(tx, event);
    });
  }

  @EventPattern<string>(Events.SpiffUpdated)
  async onSpiffUpdated(@Payload() event: EventEnvelope<SpiffSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    await this.transactions.consume(ctx, event, async (tx) => {
      await this.spiffAssignments.applySpiffUpdate(tx, event);
    });
  }

  @EventPattern<string>(Events.SpiffCancelled)
  async onSpiffCancelled(@Payload() event: EventEnvelope<SpiffSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    await this.transactions.consume(ctx, event, async (tx) => {
      await this.spiffAssignments.closeSpiffAssignments(tx, event);
    });
  }

  @EventPattern<string>(Events.PartnerRegistered)
  async onPartnerRegistered(@Payload() event: EventEnvelope<PartnerSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    await this.onPartnerChanged(event, ctx);
  }

  @EventPattern<string>(Events.PartnerApproved)
  async onPartnerApproved(@Payload() event: EventEnvelope<PartnerSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    await this.onPartnerChanged(event, ctx);
  }

  @EventPattern<string>(Events.PartnerUpdated)
  async onPartnerUpdated(@Payload() event: EventEnvelope<PartnerSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    await this.onPartnerChanged(event, ctx);
  }

  @EventPattern<string>(Events.ProductCreated)
  async onProductCreated(@Payload() event: EventEnvelope<ProductSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    await this.transactions.consume(ctx, event, (tx) => this.replicas.upsertProduct(tx.manager, event.payload));
  }

  private async onPartnerChanged(event: EventEnvelope<PartnerSnapshot>, ctx: RmqContext): Promise<void> {
    await this.transactions.consume(ctx, event, async (tx) => {
      await this.spiffAssignments.assignSpiffsToPartner(tx, event);
    });
  }
}
