import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ServiceRuntimeModule } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { CommissionLine } from './ledger/commission-line.entity';
import { DisputesModule } from './disputes/disputes.module';
import { LedgerModule } from './ledger/ledger.module';
import { CommissionDisputes1764100000440 } from './migrations/1764100000440-commission-disputes';
import { ProofReview1764100000450 } from './migrations/1764100000450-proof-review';
import { DisputeAttachments1764100000460 } from './migrations/1764100000460-dispute-attachments';
import { ReviewsModule } from './reviews/reviews.module';
import { CommissionLineTier1764100000410 } from './migrations/1764100000410-commission-line-tier';
import { CommissionLineReversals1764100000420 } from './migrations/1764100000420-commission-line-reversals';
import { CommissionLinesExportOrder1764100000430 } from './migrations/1764100000430-commission-lines-export-order';
import { CommissionsSchema1764100000400 } from './migrations/1764100000400-commissions-schema';

/** The commission ledger: one line per sale and per milestone reward, its review lifecycle, and disputes of its lines. */
@Module({})
export class CommissionsAppModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: CommissionsAppModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'commissions',
          config,
          entities: [CommissionLine],
          migrations: [CommissionsSchema1764100000400, CommissionLineTier1764100000410, CommissionLineReversals1764100000420, CommissionLinesExportOrder1764100000430, CommissionDisputes1764100000440, ProofReview1764100000450,
            DisputeAttachments1764100000460],
        }),
        LedgerModule,
        DisputesModule,
        ReviewsModule,
      ],
    };
  }
}
