import { Global, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerminusModule } from '@nestjs/terminus';
import { EventSubscriptions } from '@spiffworks/contracts';
import type { ServiceName } from '@spiffworks/contracts';
import { DeliveryFailuresTable1764900000000, MessagingTables1764100000000, OutboxCompression1764950000000 } from '@spiffworks/messaging';
import { openServiceDataSource, serviceDatabase } from '@spiffworks/persistence';
import type { ServiceDataSourceSpec } from '@spiffworks/persistence';
import { BrokerConnection } from './broker';
import { ConsumerDrain } from './consumer-drain';
import { DeadLetterKeeper, DeadLettersHandler } from './dead-letters';
import { PLATFORM_CONFIG } from './config';
import type { PlatformConfig } from './config';
import { HealthController, ServiceHealth } from './health';
import { IdempotencyKeys1764100000010 } from './idempotency-keys.migration';
import { MetricsController, PlatformMetrics, serviceMetricsProviders } from './metrics';
import { RetentionPurger } from './retention';
import { SERVICE_NAME } from './tokens';
import { Transactions } from './transactions';

export interface ServiceRuntimeOptions {
  service: ServiceName;
  config: PlatformConfig;
  entities: ServiceDataSourceSpec['entities'];
  migrations: ServiceDataSourceSpec['migrations'];
}

/** Each service's runtime options, as its module registered them: what its `migrate` step applies. */
const registered = new Map<ServiceName, ServiceRuntimeOptions>();

/** The database a service opens: its own, with the shared tables' migrations before its own. */
export function serviceDataSourceSpec(options: ServiceRuntimeOptions): ServiceDataSourceSpec {
  const { service, config } = options;
  return {
    target: serviceDatabase(config, service),
    poolSize: config.DATABASE_POOL_SIZE,
    entities: options.entities,
    migrations: [MessagingTables1764100000000, IdempotencyKeys1764100000010, DeliveryFailuresTable1764900000000, OutboxCompression1764950000000, ...(options.migrations as [])],
    applicationName: `spiffworks-${service}`,
    migrate: config.DATABASE_MIGRATIONS !== 'skip',
    grantTo: config.DATABASE_GRANT_TO,
  };
}

/** The options `ServiceRuntimeModule.forRoot` was last given for `service` (its app module registered). */
export function registeredRuntime(service: ServiceName): ServiceRuntimeOptions | undefined {
  return registered.get(service);
}

/**
 * What every service has: its validated config, its own database (created and migrated at
 * start), the broker connection, outbox/inbox transactions, health endpoints and `/metrics`.
 */
@Global()
@Module({})
export class ServiceRuntimeModule {
  static forRoot(options: ServiceRuntimeOptions): DynamicModule {
    const { service, config } = options;
    // A consuming service files its dead letters and answers the admin's list and replay.
    const consumes = service in EventSubscriptions;
    registered.set(service, options);
    return {
      module: ServiceRuntimeModule,
      imports: [
        TerminusModule,
        TypeOrmModule.forRootAsync({
          useFactory: () => ({}),
          dataSourceFactory: () => openServiceDataSource(serviceDataSourceSpec(options)),
        }),
      ],
      controllers: [HealthController, MetricsController, ...(consumes ? [DeadLettersHandler] : [])],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: service },
        BrokerConnection,
        Transactions,
        ServiceHealth,
        ConsumerDrain,
        RetentionPurger,
        ...serviceMetricsProviders,
        ...(consumes ? [DeadLetterKeeper] : []),
      ],
      exports: [PLATFORM_CONFIG, SERVICE_NAME, BrokerConnection, Transactions, ConsumerDrain, PlatformMetrics, RetentionPurger],
    };
  }
}
