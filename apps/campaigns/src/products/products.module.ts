import { Module } from '@nestjs/common';
import { ProductsHandler } from './products.handler';
import { ProductsRepository } from './products.repository';
import { ProductsService } from './products.service';

@Module({ controllers: [ProductsHandler], providers: [ProductsService, ProductsRepository], exports: [ProductsService] })
export class ProductsModule {}
