import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ServiceRuntimeModule } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';

/**
 * The commission ledger's service. This foundation gives it its database, broker connection,
 * outbox/inbox and health; the ledger itself arrives with sales (issue 3).
 */
@Module({})
export class CommissionsAppModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: CommissionsAppModule,
      imports: [ServiceRuntimeModule.forRoot({ service: 'commissions', config, entities: [], migrations: [] })],
    };
  }
}
