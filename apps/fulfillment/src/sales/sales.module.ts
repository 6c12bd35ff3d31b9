import { Module } from '@nestjs/common';
import { MilestonesModule } from '../milestones/milestones.module';
import { CommissionsClient } from './commissions.client';
import { SaleReturnsService } from './sale-returns.service';
import { SalesHandler } from './sales.handler';
import { SalesService } from './sales.service';

@Module({ imports: [MilestonesModule], controllers: [SalesHandler], providers: [SalesService, SaleReturnsService, CommissionsClient] })
export class SalesModule {}
