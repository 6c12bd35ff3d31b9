import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { LedgerFactsHandler } from './ledger-facts.handler';
import { LedgerFactsService } from './ledger-facts.service';
import { LedgerLinesRepository } from './ledger-lines.repository';
import { SaleFactsRepository } from './sale-facts.repository';

@Module({ controllers: [LedgerFactsHandler], imports: [ReadModelsModule], providers: [LedgerFactsService, SaleFactsRepository, LedgerLinesRepository] })
export class LedgerFactsModule {}
