import { Module } from '@nestjs/common';
import { MilestonesModule } from '../milestones/milestones.module';
import { CommissionsClient } from './commissions.client';
import { SalesHandler } from './sales.handler';
import { SalesService } from './sales.service';

@Module({ imports: [MilestonesModule], controllers: [SalesHandler], providers: [SalesService, CommissionsClient] })
export class SalesModule {}
