import { Controller, Get, Inject, Injectable } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { HEALTH_PATTERN } from '@spiffworks/contracts';
import type { HealthReport } from '@spiffworks/contracts';
import { BrokerConnection } from './broker';
import { SERVICE_NAME } from './tokens';

@Injectable()
export class ServiceHealth {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly broker: BrokerConnection,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  /** Ready: the database answers and the broker connection is up. Throws 503 otherwise. */
  readiness(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database').withTimeout(2000),
      () =>
        this.indicators.check('broker').attempt(() => {
          if (!this.broker.isConnected()) throw new Error('not connected to RabbitMQ');
        }),
    ]);
  }

  async report(): Promise<HealthReport> {
    try {
      const result = await this.readiness();
      return { service: this.service, status: 'ok', checks: summarize(result.details) };
    } catch (error) {
      const details = (error as { getResponse?: () => HealthCheckResult }).getResponse?.()?.details ?? {};
      return { service: this.service, status: 'down', checks: summarize(details) };
    }
  }
}

function summarize(details: Record<string, { status: string }>): Record<string, 'up' | 'down'> {
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, v.status === 'up' ? 'up' : 'down']));
}

@Controller('health')
export class HealthController {
  constructor(private readonly health: ServiceHealth) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.readiness();
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.readiness();
  }

  /** Live: the process answers; restarting it would not fix a database outage. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** The gateway's aggregate health asks every service this over RPC. */
  @MessagePattern(HEALTH_PATTERN)
  rpcHealth(): Promise<HealthReport> {
    return this.health.report();
  }
}
