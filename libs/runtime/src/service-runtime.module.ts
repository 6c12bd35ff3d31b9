import { Global, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerminusModule } from '@nestjs/terminus';
import type { ServiceName } from '@spiffworks/contracts';
import { MessagingTables1764100000000 } from '@spiffworks/messaging';
import { openServiceDataSource, serviceDatabase } from '@spiffworks/persistence';
import type { ServiceDataSourceSpec } from '@spiffworks/persistence';
import { BrokerConnection } from './broker';
import { PLATFORM_CONFIG } from './config';
import type { PlatformConfig } from './config';
import { HealthController, ServiceHealth } from './health';
import { SERVICE_NAME } from './tokens';
import { Transactions } from './transactions';

export interface ServiceRuntimeOptions {
  service: ServiceName;
  config: PlatformConfig;
  entities: ServiceDataSourceSpec['entities'];
  migrations: ServiceDataSourceSpec['migrations'];
}

/**
 * What every service has: its validated config, its own database (created and migrated at
 * start), the broker connection, outbox/inbox transactions and health endpoints.
 */
@Global()
@Module({})
export class ServiceRuntimeModule {
  static forRoot(options: ServiceRuntimeOptions): DynamicModule {
    const { service, config } = options;
    return {
      module: ServiceRuntimeModule,
      imports: [
        TerminusModule,
        TypeOrmModule.forRootAsync({
          useFactory: () => ({}),
          dataSourceFactory: () =>
            openServiceDataSource({
              target: serviceDatabase(config, service),
              poolSize: config.DATABASE_POOL_SIZE,
              entities: options.entities,
              migrations: [MessagingTables1764100000000, ...(options.migrations as [])],
              applicationName: `spiffworks-${service}`,
            }),
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: service },
        BrokerConnection,
        Transactions,
        ServiceHealth,
      ],
      exports: [PLATFORM_CONFIG, SERVICE_NAME, BrokerConnection, Transactions],
    };
  }
}
