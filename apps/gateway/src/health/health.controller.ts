import { Controller, Get, HttpException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HEALTH_PATTERN, SERVICES } from '@spiffworks/contracts';
import type { HealthReport } from '@spiffworks/contracts';
import { Public } from '@spiffworks/auth';
import { PlatformServices } from '../platform/platform-services';
import { HealthDownResponse, HealthResponse, LivenessResponse } from './health.responses';

const HEALTH_TIMEOUT_MS = 3000;

@Controller('health')
@Public()
@ApiTags('health')
export class GatewayHealthController {
  constructor(private readonly services: PlatformServices) {}

  /** 200 only when every service answers and reports its database and broker up. */
  @Get()
  @ApiOperation({ summary: 'Readiness of the whole platform (public)', description: "200 only when every service's database and broker are up." })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: HealthDownResponse, description: 'A service is down or did not answer within 3 s.' })
  async check(): Promise<{ status: 'ok'; services: Record<string, HealthReport['checks'] | 'unreachable'> }> {
    const reports = await Promise.all(
      SERVICES.map((service) =>
        this.services
          .call<HealthReport>(service, HEALTH_PATTERN, {}, undefined, HEALTH_TIMEOUT_MS)
          .catch((): HealthReport => ({ service, status: 'down', checks: {} })),
      ),
    );
    const services = Object.fromEntries(
      reports.map((r) => [r.service, Object.keys(r.checks).length ? r.checks : ('unreachable' as const)]),
    );
    if (reports.some((r) => r.status !== 'ok')) {
      throw new HttpException({ status: 'down', services }, 503);
    }
    return { status: 'ok', services };
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness of the gateway process (public)' })
  @ApiOkResponse({ type: LivenessResponse })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
