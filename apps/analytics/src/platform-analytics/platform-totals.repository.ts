import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The platform's one row of totals, counters and money as PostgreSQL returns them. */
export interface PlatformTotalsRow {
  total_assignments: string;
  active_assignments: string;
  total_sales: string;
  total_revenue: string;
  total_commission: string;
}

/** Reads `platform_totals` (its one row, id 1); the events add to it through `AggregateIncrements`. */
@Injectable()
export class PlatformTotalsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async totals(): Promise<PlatformTotalsRow> {
    const [totals]: PlatformTotalsRow[] = await this.dataSource.query(
      'SELECT total_assignments, active_assignments, total_sales, total_revenue, total_commission FROM platform_totals WHERE id = 1',
    );
    return totals;
  }
}
