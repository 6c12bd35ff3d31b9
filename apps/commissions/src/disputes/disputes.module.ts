import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { DisputesHandler } from './disputes.handler';
import { LineDisputes } from './line-disputes.service';

/** Disputes of ledger lines: opened by the line's partner, resolved by an admin (declined, or adjusted by a new line). */
@Module({
  imports: [LedgerModule],
  controllers: [DisputesHandler],
  providers: [LineDisputes],
})
export class DisputesModule {}
