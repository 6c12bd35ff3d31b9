import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { ReplicasModule } from '../replicas/replicas.module';
import { MilestoneAchievementsRepository } from './milestone-achievements.repository';
import { MilestonesHandler } from './milestones.handler';
import { MilestonesService } from './milestones.service';

@Module({
  imports: [AssignmentsModule, ReplicasModule],
  controllers: [MilestonesHandler],
  providers: [MilestonesService, MilestoneAchievementsRepository],
  exports: [MilestonesService],
})
export class MilestonesModule {}
