import { Module } from '@nestjs/common';
import { SaleFactsRepository } from '../ledger-facts/sale-facts.repository';
import { SalesExportHandler } from './sales-export.handler';
import { SalesExportService } from './sales-export.service';

/** The sales file's pages, read from `sales` (the table ledger-facts writes) and what names its sales. */
@Module({ controllers: [SalesExportHandler], providers: [SalesExportService, SaleFactsRepository] })
export class SalesExportModule {}
