import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ServiceRuntimeModule } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { DimensionsModule } from './dimensions/dimensions.module';
import { DisputeFactsModule } from './dispute-facts/dispute-facts.module';
import { LedgerFactsModule } from './ledger-facts/ledger-facts.module';
import { AnalyticsSchema1764100000500 } from './migrations/1764100000500-analytics-schema';
import { AnalyticsBiAccess1764100000510 } from './migrations/1764100000510-analytics-bi-access';
import { AnalyticsSeriesRollups1764100000520 } from './migrations/1764100000520-analytics-series-rollups';
import { AnalyticsLineFiling1764100000530 } from './migrations/1764100000530-analytics-line-filing';
import { AnalyticsWideAmounts1764100000570 } from './migrations/1764100000570-analytics-wide-amounts';
import { AnalyticsProductNames1764100000590 } from './migrations/1764100000590-analytics-product-names';
import { AnalyticsSalesExportOrder1764100000600 } from './migrations/1764100000600-analytics-sales-export-order';
import { AnalyticsDisputes1764100000610 } from './migrations/1764100000610-analytics-disputes';
import { PartnerSummary } from './partner-metrics/partner-summary.entity';
import { PartnerMetricsModule } from './partner-metrics/partner-metrics.module';
import { PlatformAnalyticsModule } from './platform-analytics/platform-analytics.module';
import { SalesExportModule } from './sales-export/sales-export.module';
import { SpiffAnalyticsModule } from './spiff-analytics/spiff-analytics.module';

@Module({})
export class AnalyticsAppModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: AnalyticsAppModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'analytics',
          config,
          entities: [PartnerSummary],
          migrations: [
            AnalyticsSchema1764100000500, AnalyticsBiAccess1764100000510, AnalyticsSeriesRollups1764100000520, AnalyticsLineFiling1764100000530,
            AnalyticsWideAmounts1764100000570, AnalyticsProductNames1764100000590, AnalyticsSalesExportOrder1764100000600, AnalyticsDisputes1764100000610,
          ],
        }),
        PartnerMetricsModule,
        LedgerFactsModule,
        SpiffAnalyticsModule,
        PlatformAnalyticsModule,
        DimensionsModule,
        SalesExportModule,
        DisputeFactsModule,
      ],
    };
  }
}
