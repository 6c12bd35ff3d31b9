import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HEALTH_PATTERN, SERVICES } from '@spiffworks/contracts';
import type { HealthReport } from '@spiffworks/contracts';
import { Public } from '@spiffworks/auth';
import { LoginThrottle } from '../auth/login-throttle';
import { PlatformServices } from '../platform/platform-services';
import { HealthDownResponse, HealthResponse, LivenessResponse, ReadinessDownResponse, ReadinessResponse } from './health.responses';

const HEALTH_TIMEOUT_MS = 3000;
/** How long readiness waits for an RPC client still connecting (well inside the probe's 3 s timeout). */
const BROKER_CHECK_TIMEOUT_MS = 2000;

type Check = 'up' | 'down';

@Controller('health')
@Public()
@ApiTags('health')
export class GatewayHealthController {
  constructor(
    private readonly services: PlatformServices,
    private readonly throttle: LoginThrottle,
  ) {}

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

  /**
   * Readiness of this gateway replica: whether it can serve, so the Service sends it traffic. It needs
   * its RPC connection to RabbitMQ (every request but the portal's files goes through it). Redis is
   * reported, not required: without it the login limits are counted per replica (docs/operate.md),
   * and taking every gateway out of the Service because Redis is down would turn that into an outage.
   * The services are not asked either: one service down answers 503 on its own routes, and must not
   * take the gateways, and with them every other route, out of service. `GET /health` asks them.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness of this gateway (public)', description: 'Its connection to the broker; Redis is reported, not required.' })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiServiceUnavailableResponse({ type: ReadinessDownResponse, description: 'Not connected to the broker.' })
  async ready(
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ): Promise<{ status: 'ok' | 'down'; checks: { broker: Check; redis: Check } }> {
    const unconnected = await this.services.unconnectedClients(BROKER_CHECK_TIMEOUT_MS);
    const checks = { broker: unconnected.length ? ('down' as const) : ('up' as const), redis: this.throttle.redisReady() ? ('up' as const) : ('down' as const) };
    if (checks.broker === 'down') {
      response.status(503);
      return { status: 'down', checks };
    }
    return { status: 'ok', checks };
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness of the gateway process (public)' })
  @ApiOkResponse({ type: LivenessResponse })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
