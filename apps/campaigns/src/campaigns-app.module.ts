import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ServiceRuntimeModule } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { CampaignsSchema1764100000200 } from './migrations/1764100000200-campaigns-schema';
import { SpiffBudgets1764100000210 } from './migrations/1764100000210-spiff-budgets';
import { SpiffProofRequired1764100000220 } from './migrations/1764100000220-spiff-proof-required';
import { Product } from './products/product.entity';
import { ProductsModule } from './products/products.module';
import { Spiff } from './spiffs/spiff.entity';
import { SpiffsModule } from './spiffs/spiffs.module';

@Module({})
export class CampaignsAppModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: CampaignsAppModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'campaigns',
          config,
          entities: [Product, Spiff],
          migrations: [CampaignsSchema1764100000200, SpiffBudgets1764100000210, SpiffProofRequired1764100000220],
        }),
        ProductsModule,
        SpiffsModule,
      ],
    };
  }
}
