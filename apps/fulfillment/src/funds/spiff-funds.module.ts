import { Module } from '@nestjs/common';
import { SpiffFundsHandler } from './spiff-funds.handler';
import { SpiffFundsRepository } from './spiff-funds.repository';
import { SpiffFundsService } from './spiff-funds.service';

@Module({ controllers: [SpiffFundsHandler], providers: [SpiffFundsService, SpiffFundsRepository], exports: [SpiffFundsService] })
export class SpiffFundsModule {}
