import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { PartnerMetricsView, RpcRequest } from '@spiffworks/contracts';
import { PartnerMetricsService } from './partner-metrics.service';

@Controller()
export class PartnerMetricsHandler {
  constructor(private readonly metrics: PartnerMetricsService) {}

  @MessagePattern(Rpc.analytics.PartnerMetrics)
  partner(@Payload() request: RpcRequest<{ partner_id: string }>): Promise<PartnerMetricsView> {
    return this.metrics.metrics(request.body.partner_id, request.actor);
  }
}
