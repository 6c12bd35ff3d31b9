import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { SpiffFundsModule } from '../funds/spiff-funds.module';
import { MilestonesModule } from '../milestones/milestones.module';
import { ReplicasModule } from '../replicas/replicas.module';
import { CommissionsClient } from './commissions.client';
import { SaleContextRepository } from './sale-context.repository';
import { SaleCoverage } from './sale-coverage';
import { SaleReturnsRepository } from './sale-returns.repository';
import { SaleReturnsService } from './sale-returns.service';
import { SalesHandler } from './sales.handler';
import { SalesRepository } from './sales.repository';
import { SalesService, systemSaleClock } from './sales.service';

@Module({
  imports: [AssignmentsModule, MilestonesModule, ReplicasModule, SpiffFundsModule],
  controllers: [SalesHandler],
  providers: [SalesService, systemSaleClock, SaleReturnsService, SaleCoverage, SalesRepository, SaleReturnsRepository, SaleContextRepository, CommissionsClient],
  exports: [SalesService, SalesRepository],
})
export class SalesModule {}
