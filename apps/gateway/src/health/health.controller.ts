import { Controller, Get, Res } from '@nestjs/common';
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
  async check(
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ): Promise<{ status: 'ok' | 'down'; services: Record<string, HealthReport['checks'] | 'unreachable'> }> {
    const reports = await Promise.all(
      SERVICES.map((service) =>
        this.services
          .callSystem(service, HEALTH_PATTERN, {}, undefined, HEALTH_TIMEOUT_MS)
          .catch((): HealthReport => ({ service, status: 'down', checks: {} })),
      ),
    );
    const services = Object.fromEntries(
      reports.map((r) => [r.service, Object.keys(r.checks).length ? r.checks : ('unreachable' as const)]),
    );
    // A health report, not an error: probes and dashboards read the same shape either way.
    if (reports.some((r) => r.status !== 'ok')) {
      response.status(503);
      return { status: 'down', services };
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
