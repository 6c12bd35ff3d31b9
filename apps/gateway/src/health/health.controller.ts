import { Controller, Get, HttpException } from '@nestjs/common';
import { HEALTH_PATTERN, SERVICES } from '@spiffworks/contracts';
import type { HealthReport } from '@spiffworks/contracts';
import { Public } from '@spiffworks/auth';
import { PlatformServices } from '../platform/platform-services';

const HEALTH_TIMEOUT_MS = 3000;

@Controller('health')
@Public()
export class GatewayHealthController {
  constructor(private readonly services: PlatformServices) {}

  /** 200 only when every service answers and reports its database and broker up. */
  @Get()
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
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
