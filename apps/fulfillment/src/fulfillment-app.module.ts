import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ServiceRuntimeModule } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { Assignment } from './assignments/assignment.entity';
import { AssignmentsModule } from './assignments/assignments.module';
import { FulfillmentSchema1764100000300 } from './migrations/1764100000300-fulfillment-schema';
import { MilestoneReversals1764100000320 } from './migrations/1764100000320-milestone-reversals';
import { FulfillmentWideProgress1764100000370 } from './migrations/1764100000370-fulfillment-wide-progress';
import { FulfillmentAssignmentOrigin1764100000375 } from './migrations/1764100000375-fulfillment-assignment-origin';
import { SaleImports1764100000380 } from './migrations/1764100000380-sale-imports';
import { SaleImportUpkeep1764100000390 } from './migrations/1764100000390-sale-import-upkeep';
import { SpiffFunds1764100000400 } from './migrations/1764100000400-spiff-funds';
import { AssignmentsListOrder1764100000410 } from './migrations/1764100000410-assignments-list-order';
import { SpiffFundsModule } from './funds/spiff-funds.module';
import { SaleAttachments1764100000395 } from './migrations/1764100000395-sale-attachments';
import { SaleAttachmentsModule } from './sale-attachments/sale-attachments.module';
import { MilestoneAchievement } from './milestones/milestone-achievement.entity';
import { MilestonesModule } from './milestones/milestones.module';
import { Sale } from './sales/sale.entity';
import { SaleReturn } from './sales/sale-return.entity';
import { SalesModule } from './sales/sales.module';
import { SaleImportsModule } from './sale-imports/sale-imports.module';
import { CatalogProduct } from './replicas/catalog-product.entity';
import { PartnerDirectoryEntry } from './replicas/partner-directory.entity';
import { SpiffTerms } from './replicas/spiff-terms.entity';

@Module({})
export class FulfillmentAppModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: FulfillmentAppModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'fulfillment',
          config,
          entities: [Assignment, PartnerDirectoryEntry, CatalogProduct, SpiffTerms, Sale, SaleReturn, MilestoneAchievement],
          migrations: [
            FulfillmentSchema1764100000300, MilestoneReversals1764100000320, FulfillmentWideProgress1764100000370, FulfillmentAssignmentOrigin1764100000375,
            SaleImports1764100000380, SaleImportUpkeep1764100000390, SaleAttachments1764100000395, SpiffFunds1764100000400, AssignmentsListOrder1764100000410,
          ],
        }),
        AssignmentsModule,
        SalesModule,
        SpiffFundsModule,
        MilestonesModule,
        SaleImportsModule,
        SaleAttachmentsModule,
      ],
    };
  }
}
