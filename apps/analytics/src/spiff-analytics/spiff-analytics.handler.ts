import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import type { RmqContext } from '@nestjs/microservices';
import { Events, Rpc } from '@spiffworks/contracts';
import type { EventEnvelope, RpcRequest, SpiffAnalyticsView, SpiffSnapshot } from '@spiffworks/contracts';
import { Transactions } from '@spiffworks/runtime';
import { SpiffAnalyticsService } from './spiff-analytics.service';

@Controller()
export class SpiffAnalyticsHandler {
  constructor(
    private readonly transactions: Transactions,
    private readonly spiffs: SpiffAnalyticsService,
  ) {}

  @EventPattern<string>(Events.SpiffCreated)
  onSpiffCreated(@Payload() event: EventEnvelope<SpiffSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.spiffs.recordSpiff(tx.manager, event.payload));
  }

  @EventPattern<string>(Events.SpiffUpdated)
  onSpiffUpdated(@Payload() event: EventEnvelope<SpiffSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.spiffs.recordSpiff(tx.manager, event.payload));
  }

  @EventPattern<string>(Events.SpiffCancelled)
  onSpiffCancelled(@Payload() event: EventEnvelope<SpiffSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.spiffs.recordSpiff(tx.manager, event.payload));
  }

  @MessagePattern(Rpc.analytics.Spiff)
  spiff(@Payload() request: RpcRequest<{ spiff_id: string }>): Promise<SpiffAnalyticsView> {
    return this.spiffs.spiff(request.body.spiff_id);
  }
}
