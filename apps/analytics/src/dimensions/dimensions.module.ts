import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { DimensionsHandler } from './dimensions.handler';
import { DimensionsService } from './dimensions.service';
import { ProductNamesRepository } from './product-names.repository';

@Module({ imports: [ReadModelsModule], controllers: [DimensionsHandler], providers: [DimensionsService, ProductNamesRepository] })
export class DimensionsModule {}
