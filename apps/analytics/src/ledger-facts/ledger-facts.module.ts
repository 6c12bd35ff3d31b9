import { Module } from '@nestjs/common';
import { LedgerEventsHandler } from './ledger-events.handler';
import { LedgerFactsService } from './ledger-facts.service';

@Module({ controllers: [LedgerEventsHandler], providers: [LedgerFactsService] })
export class LedgerFactsModule {}
