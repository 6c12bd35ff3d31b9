import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { DisputeFactsHandler } from './dispute-facts.handler';

/** Disputes of ledger lines in the partner and spiff read models. */
@Module({ controllers: [DisputeFactsHandler], imports: [ReadModelsModule] })
export class DisputeFactsModule {}
