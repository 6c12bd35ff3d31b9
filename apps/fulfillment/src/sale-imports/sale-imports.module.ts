import { Module } from '@nestjs/common';
import { importUpkeepProvider } from '@spiffworks/imports';
import { SalesModule } from '../sales/sales.module';
import { SALE_IMPORTS } from './sale-import-kind';
import { SaleImportWorker } from './sale-import.worker';
import { SaleImportsHandler } from './sale-imports.handler';
import { SaleImportRowsRepository, SaleImportsRepository } from './sale-imports.repository';
import { SaleImportsService } from './sale-imports.service';

@Module({
  imports: [SalesModule],
  controllers: [SaleImportsHandler],
  providers: [SaleImportsService, SaleImportWorker, SaleImportsRepository, SaleImportRowsRepository, importUpkeepProvider(SALE_IMPORTS, SaleImportsRepository)],
})
export class SaleImportsModule {}
