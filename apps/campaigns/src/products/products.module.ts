import { Module } from '@nestjs/common';
import { ProductsHandler } from './products.handler';
import { ProductsService } from './products.service';

@Module({ controllers: [ProductsHandler], providers: [ProductsService], exports: [ProductsService] })
export class ProductsModule {}
