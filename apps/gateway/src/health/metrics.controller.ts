import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@spiffworks/auth';
import { PlatformMetrics } from '@spiffworks/runtime';

/** `GET /metrics`: the gateway's own Prometheus metrics (HTTP, RPC calls, Node.js), for scrapers: no token. */
@Controller('metrics')
@Public()
@ApiTags('health')
export class GatewayMetricsController {
  constructor(private readonly metrics: PlatformMetrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: "The gateway's Prometheus metrics (public)" })
  @ApiOkResponse({ description: 'The Prometheus text exposition format 0.0.4.', content: { 'text/plain': { schema: { type: 'string' } } } })
  scrape(): Promise<string> {
    return this.metrics.exposition();
  }
}
