import { Module } from '@nestjs/common';
import { ReplicasModule } from '../replicas/replicas.module';
import { AssignmentsHandler } from './assignments.handler';
import { AssignmentsService } from './assignments.service';
import { CampaignEventsHandler } from './campaign-events.handler';
import { SpiffAssignmentsService } from './spiff-assignments.service';

@Module({
  imports: [ReplicasModule],
  controllers: [AssignmentsHandler, CampaignEventsHandler],
  providers: [AssignmentsService, SpiffAssignmentsService],
})
export class AssignmentsModule {}
