import { Module } from '@nestjs/common';
import { SalesModule } from '../sales/sales.module';
import { SaleImportWorker } from './sale-import.worker';
import { SaleImportsHandler } from './sale-imports.handler';
import { SaleImportRowsRepository, SaleImportsRepository } from './sale-imports.repository';
import { SaleImportsService } from './sale-imports.service';

@Module({
  imports: [SalesModule],
  controllers: [SaleImportsHandler],
  providers: [SaleImportsService, SaleImportWorker, SaleImportsRepository, SaleImportRowsRepository],
})
export class SaleImportsModule {}
