import { Module } from '@nestjs/common';
import { CommissionLedger } from './commission-ledger.service';
import { CommissionReview } from './commission-review.service';
import { CommissionsHandler } from './commissions.handler';
import { LedgerEventsHandler } from './ledger-events.handler';

@Module({
  controllers: [CommissionsHandler, LedgerEventsHandler],
  providers: [CommissionLedger, CommissionReview],
})
export class LedgerModule {}
