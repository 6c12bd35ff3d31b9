import { Module } from '@nestjs/common';
import { MilestonesHandler } from './milestones.handler';
import { MilestonesService } from './milestones.service';

@Module({ controllers: [MilestonesHandler], providers: [MilestonesService], exports: [MilestonesService] })
export class MilestonesModule {}
