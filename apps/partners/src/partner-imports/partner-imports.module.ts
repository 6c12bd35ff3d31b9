import { Module } from '@nestjs/common';
import { importUpkeepProvider } from '@spiffworks/imports';
import { PLATFORM_CONFIG } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { IdentityModule } from '../identity/identity.module';
import { PartnersModule } from '../partners/partners.module';
import { PARTNER_IMPORTS } from './partner-import-kind';
import { PartnerImportWorker } from './partner-import.worker';
import { PartnerImportsHandler } from './partner-imports.handler';
import { PartnerImportRowsRepository, PartnerImportsRepository } from './partner-imports.repository';
import { PartnerImportsService } from './partner-imports.service';
import { SealedPasswords } from './sealed-passwords';

@Module({
  imports: [IdentityModule, PartnersModule],
  controllers: [PartnerImportsHandler],
  providers: [
    PartnerImportsService,
    PartnerImportWorker,
    PartnerImportsRepository,
    PartnerImportRowsRepository,
    importUpkeepProvider(PARTNER_IMPORTS, PartnerImportsRepository),
    { provide: SealedPasswords, useFactory: (config: PlatformConfig) => new SealedPasswords(config.JWT_SECRET), inject: [PLATFORM_CONFIG] },
  ],
})
export class PartnerImportsModule {}
