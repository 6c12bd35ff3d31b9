import { Module } from '@nestjs/common';
import { DimensionsHandler } from './dimensions.handler';
import { DimensionsService } from './dimensions.service';

@Module({ controllers: [DimensionsHandler], providers: [DimensionsService] })
export class DimensionsModule {}
