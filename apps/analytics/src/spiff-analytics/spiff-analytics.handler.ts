import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Events, Rpc } from '@spiffworks/contracts';
import type { RpcRequest, SpiffAnalyticsView, SpiffSnapshot } from '@spiffworks/contracts';
import { OnEvent, Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { SpiffAnalyticsService } from './spiff-analytics.service';

@Controller()
export class SpiffAnalyticsHandler {
  constructor(
    readonly transactions: Transactions,
    private readonly spiffs: SpiffAnalyticsService,
  ) {}

  @OnEvent([Events.SpiffCreated, Events.SpiffUpdated, Events.SpiffCancelled])
  recordSpiff(spiff: SpiffSnapshot, tx: Transaction): Promise<void> {
    return this.spiffs.recordSpiff(tx.manager, spiff);
  }

  @MessagePattern(Rpc.analytics.Spiff)
  spiff(@Payload() request: RpcRequest<{ spiff_id: string }>): Promise<SpiffAnalyticsView> {
    return this.spiffs.spiff(request.body.spiff_id);
  }
}
