import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ServiceRuntimeModule } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { IdentityModule } from './identity/identity.module';
import { User } from './identity/user.entity';
import { PartnersSchema1764100000100 } from './migrations/1764100000100-partners-schema';
import { UserStatus1764100000110 } from './migrations/1764100000110-user-status';
import { PartnerImports1764100000120 } from './migrations/1764100000120-partner-imports';
import { PartnerImportUpkeep1764100000130 } from './migrations/1764100000130-partner-import-upkeep';
import { PartnersByStatus1764100000140 } from './migrations/1764100000140-partners-by-status';
import { PartnerImportsModule } from './partner-imports/partner-imports.module';
import { Partner } from './partners/partner.entity';
import { PartnersModule } from './partners/partners.module';

@Module({})
export class PartnersAppModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: PartnersAppModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'partners',
          config,
          entities: [Partner, User],
          migrations: [PartnersSchema1764100000100, UserStatus1764100000110, PartnerImports1764100000120, PartnerImportUpkeep1764100000130, PartnersByStatus1764100000140],
        }),
        IdentityModule,
        PartnersModule,
        PartnerImportsModule,
      ],
    };
  }
}
