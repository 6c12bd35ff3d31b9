import { ApiProperty } from '@nestjs/swagger';
import { COMMISSION_STATUSES, MILESTONE_METRICS } from '@spiffworks/contracts';
import type { CommissionStatus, MilestoneMetric, MilestoneProgressView, SaleReturnView, SaleView, SpiffApplied } from '@spiffworks/contracts';
import { CALENDAR_DATE, EXAMPLE } from '../platform/common.responses';

export class SpiffAppliedResponse implements SpiffApplied {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.spiffId })
  spiff_id!: string;

  @ApiProperty({ example: 'Q4 Laptop Promotion' })
  name!: string;

  @ApiProperty({ type: Number, example: 200 })
  bonus!: number;
}

/** A logged sale with its commission: the seed's Step 4 answer (2 × 1000 → 240 + 200 = 440). */
export class SaleResponse implements SaleView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.saleId })
  id!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.partnerId })
  partner_id!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.productId })
  product_id!: string;

  @ApiProperty({ example: 'Test Laptop Pro' })
  product_name!: string;

  @ApiProperty({ type: 'integer', example: 2 })
  quantity!: number;

  @ApiProperty({ type: Number, example: 1000 })
  unit_price!: number;

  @ApiProperty({ type: Number, description: 'quantity × unit_price.', example: 2000 })
  revenue!: number;

  @ApiProperty({ ...CALENDAR_DATE, example: '2025-01-15' })
  sale_date!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  invoice_number!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  notes!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: "Base commission: revenue × the rate for the partner's tier; null while `calculating`.", example: 240 })
  commission_amount!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The sum of the spiff bonuses; null while `calculating`.', example: 200 })
  spiff_bonus!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'commission_amount + spiff_bonus; null while `calculating`.', example: 440 })
  total_commission!: number | null;

  @ApiProperty({ type: 'integer', example: 0 })
  returned_quantity!: number;

  @ApiProperty({
    enum: [...COMMISSION_STATUSES, 'calculating'],
    description: 'The ledger line\'s status (`pending` in the answer to a new sale). In lists, `calculating` while the ledger has not booked the sale yet or does not answer.',
    example: 'pending',
  })
  commission_status!: CommissionStatus | 'calculating';

  @ApiProperty({ type: () => [SpiffAppliedResponse] })
  spiffs_applied!: SpiffAppliedResponse[];

  @ApiProperty({ format: 'date-time', example: EXAMPLE.createdAt })
  created_at!: string;
}

export class SaleReturnResponse implements SaleReturnView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.returnId })
  id!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.saleId })
  sale_id!: string;

  @ApiProperty({ type: 'integer', example: 1 })
  quantity!: number;

  @ApiProperty({ type: Number, description: 'unit_price × quantity returned.', example: 1000 })
  revenue_returned!: number;

  @ApiProperty({ example: 'damaged in transit' })
  reason!: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-20T08:00:00.000Z' })
  created_at!: string;
}

export class MilestoneProgressResponse implements MilestoneProgressView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.assignmentId })
  assignment_id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EXAMPLE.spiffId })
  spiff_id!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Q4 Laptop Promotion' })
  spiff_name!: string | null;

  @ApiProperty({ example: 'Sell 10 laptops' })
  milestone!: string;

  @ApiProperty({ enum: [...MILESTONE_METRICS], example: 'units' })
  metric!: MilestoneMetric;

  @ApiProperty({ type: Number, example: 2 })
  progress!: number;

  @ApiProperty({ type: Number, example: 10 })
  threshold!: number;

  @ApiProperty({ type: Number, example: 20 })
  percent!: number;

  @ApiProperty({ example: false })
  achieved!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  achieved_at!: string | null;

  @ApiProperty({ type: Number, example: 250 })
  reward_amount!: number;
}

export class MyProgressResponse {
  @ApiProperty({ type: () => [MilestoneProgressResponse] })
  milestones!: MilestoneProgressResponse[];
}
