import { Module } from '@nestjs/common';
import { SpiffFundsModule } from '../funds/spiff-funds.module';
import { ReplicasModule } from '../replicas/replicas.module';
import { AssignmentsHandler } from './assignments.handler';
import { AssignmentsRepository } from './assignments.repository';
import { AssignmentsService } from './assignments.service';
import { CampaignEventsHandler } from './campaign-events.handler';
import { SpiffAssignmentsService } from './spiff-assignments.service';

@Module({
  imports: [ReplicasModule, SpiffFundsModule],
  controllers: [AssignmentsHandler, CampaignEventsHandler],
  providers: [AssignmentsService, SpiffAssignmentsService, AssignmentsRepository],
  exports: [AssignmentsRepository],
})
export class AssignmentsModule {}
