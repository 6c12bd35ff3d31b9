import { Module } from '@nestjs/common';
import { CommissionDisputesRepository } from '../disputes/commission-disputes.repository';
import { CommissionLedger } from './commission-ledger.service';
import { CommissionLinesRepository } from './commission-lines.repository';
import { CommissionReview } from './commission-review.service';
import { CommissionStatusChangesRepository } from './commission-status-changes.repository';
import { CommissionsHandler } from './commissions.handler';
import { LedgerBookingHandler } from './ledger-booking.handler';

/** The ledger; its disputes' table too, as a line's view shows whether it has an open dispute. */
@Module({
  controllers: [CommissionsHandler, LedgerBookingHandler],
  providers: [CommissionLedger, CommissionReview, CommissionLinesRepository, CommissionStatusChangesRepository, CommissionDisputesRepository],
  exports: [CommissionLedger, CommissionReview, CommissionLinesRepository, CommissionDisputesRepository],
})
export class LedgerModule {}
