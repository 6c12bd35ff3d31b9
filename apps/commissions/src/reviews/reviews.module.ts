import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { LineReviews } from './line-reviews.service';
import { ProofAttachmentsRepository } from './proof-attachments.repository';
import { ReviewQueueRepository } from './review-queue.repository';
import { ReviewsHandler } from './reviews.handler';

/** Review of lines awaiting proof of sale: the admin queue with attachments and duplicate flags, and approve/decline. */
@Module({
  imports: [LedgerModule],
  controllers: [ReviewsHandler],
  providers: [LineReviews, ReviewQueueRepository, ProofAttachmentsRepository],
})
export class ReviewsModule {}
