import { Module } from '@nestjs/common';
import { ProductsModule } from '../products/products.module';
import { SpiffFundsClient } from './spiff-funds.client';
import { SpiffsHandler } from './spiffs.handler';
import { SpiffsRepository } from './spiffs.repository';
import { SpiffsService } from './spiffs.service';

@Module({ imports: [ProductsModule], controllers: [SpiffsHandler], providers: [SpiffsService, SpiffsRepository, SpiffFundsClient] })
export class SpiffsModule {}
