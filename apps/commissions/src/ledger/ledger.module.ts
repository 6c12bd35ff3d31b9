import { Module } from '@nestjs/common';
import { CommissionLedger } from './commission-ledger.service';
import { CommissionLinesRepository } from './commission-lines.repository';
import { CommissionReview } from './commission-review.service';
import { CommissionStatusChangesRepository } from './commission-status-changes.repository';
import { CommissionsHandler } from './commissions.handler';
import { LedgerBookingHandler } from './ledger-booking.handler';

@Module({
  controllers: [CommissionsHandler, LedgerBookingHandler],
  providers: [CommissionLedger, CommissionReview, CommissionLinesRepository, CommissionStatusChangesRepository],
})
export class LedgerModule {}
