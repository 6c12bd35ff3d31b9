import { Module } from '@nestjs/common';
import { PartnerSummariesRepository } from '../partner-metrics/partner-summaries.repository';
import { SpiffSummariesRepository } from '../spiff-analytics/spiff-summaries.repository';
import { AggregateRowsRepository } from './aggregate-rows.repository';
import { AggregateIncrements } from './increments';

/**
 * What several features share: the aggregates the events add to, and the read models more than
 * one feature reads (a partner's summary: its metrics, the top partners, the partner filter; a
 * spiff's: its analytics, the spiff filter).
 */
@Module({
  providers: [AggregateIncrements, AggregateRowsRepository, PartnerSummariesRepository, SpiffSummariesRepository],
  exports: [AggregateIncrements, PartnerSummariesRepository, SpiffSummariesRepository],
})
export class ReadModelsModule {}
