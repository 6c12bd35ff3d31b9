import { Module } from '@nestjs/common';
import { ProductsModule } from '../products/products.module';
import { SpiffsHandler } from './spiffs.handler';
import { SpiffsService } from './spiffs.service';

@Module({ imports: [ProductsModule], controllers: [SpiffsHandler], providers: [SpiffsService] })
export class SpiffsModule {}
