import { ApiProperty, PickType } from '@nestjs/swagger';
import { ASSIGNMENT_TYPES } from '@spiffworks/contracts';
import type { AssignmentStatus, AssignmentType, AssignmentView, Opportunity } from '@spiffworks/contracts';
import { CALENDAR_DATE, EXAMPLE } from '../platform/common.responses';
import { MilestoneDto } from '../platform/milestones.dto';
import { ProductResponse } from '../products/products.responses';
import { SpiffResponse } from '../spiffs/spiffs.responses';

const ASSIGNMENT_STATUSES: AssignmentStatus[] = ['active', 'closed'];

export class AssignmentResponse implements AssignmentView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.assignmentId })
  id!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.partnerId })
  partner_id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EXAMPLE.spiffId })
  spiff_id!: string | null;

  @ApiProperty({ type: [String], format: 'uuid', example: [EXAMPLE.productId] })
  product_ids!: string[];

  @ApiProperty({ enum: [...ASSIGNMENT_TYPES], example: 'spiff' })
  assignment_type!: AssignmentType;

  @ApiProperty({ ...CALENDAR_DATE, example: '2025-01-01' })
  start_date!: string;

  @ApiProperty({ ...CALENDAR_DATE, example: '2025-03-31' })
  end_date!: string;

  @ApiProperty({ type: 'integer', nullable: true, example: 50 })
  target_quantity!: number | null;

  @ApiProperty({ type: 'integer', description: 'Units sold under it, net of returns.', example: 0 })
  actual_quantity!: number;

  @ApiProperty({ type: Number, example: 0 })
  actual_revenue!: number;

  @ApiProperty({ type: () => [MilestoneDto], example: [] })
  milestones!: MilestoneDto[];

  @ApiProperty({ enum: ASSIGNMENT_STATUSES, description: '`closed` once its spiff is cancelled.', example: 'active' })
  status!: AssignmentStatus;

  @ApiProperty({ format: 'uuid', description: 'The admin who created it (or who created its spiff).', example: EXAMPLE.adminId })
  assigned_by!: string;

  @ApiProperty({ format: 'date-time', example: '2024-12-20T15:00:01.000Z' })
  created_at!: string;
}

/** An assignment as admins list it: with its partner's name. */
export class AssignmentListItemResponse extends AssignmentResponse {
  @ApiProperty({ type: String, nullable: true, description: "The partner's name (from the partners service).", example: 'TechCorp Partners Inc.' })
  partner_name!: string | null;
}

/** What the partner can still earn from a budgeted spiff's fund. */
export class OpportunityFundResponse {
  @ApiProperty({ type: Number, description: "The fund's remainder, or the partner's under its cap, whichever is less.", example: 1250 })
  remaining!: number;

  @ApiProperty({ description: 'Nothing left: sales earn no bonus from this spiff (the base commission still).', example: false })
  exhausted!: boolean;
}

/** The spiff's terms as an opportunity shows them. */
export class OpportunitySpiffResponse
  extends PickType(SpiffResponse, ['id', 'name', 'description', 'incentive_amount', 'incentive_type', 'start_date', 'end_date'] as const)
  implements NonNullable<Opportunity['spiff']> {
  @ApiProperty({ type: () => OpportunityFundResponse, nullable: true, description: "A budgeted spiff's fund as this partner can draw on it; null: no fund." })
  fund!: OpportunityFundResponse | null;
}

/** A product of an opportunity, with the commission percent for the partner's tier. */
export class OpportunityProductResponse extends PickType(ProductResponse, ['id', 'name', 'sku'] as const) {
  @ApiProperty({ type: Number, description: "The percent for the partner's tier.", example: 12 })
  commission_rate!: number;
}

/** One of the seed's `my-opportunities`. */
export class OpportunityResponse implements Opportunity {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.assignmentId })
  assignment_id!: string;

  @ApiProperty({ enum: [...ASSIGNMENT_TYPES], example: 'spiff' })
  assignment_type!: AssignmentType;

  @ApiProperty({ type: () => OpportunitySpiffResponse, nullable: true, description: 'Null for an assignment without a spiff.' })
  spiff!: OpportunitySpiffResponse | null;

  @ApiProperty({ type: () => [OpportunityProductResponse] })
  products!: OpportunityProductResponse[];

  @ApiProperty({ type: 'integer', nullable: true, example: 50 })
  target_quantity!: number | null;

  @ApiProperty({ type: 'integer', example: 0 })
  actual_quantity!: number;

  @ApiProperty({ type: Number, example: 0 })
  actual_revenue!: number;

  @ApiProperty({ type: () => [MilestoneDto], example: [] })
  milestones!: MilestoneDto[];

  @ApiProperty({ ...CALENDAR_DATE, example: '2025-01-01' })
  start_date!: string;

  @ApiProperty({ ...CALENDAR_DATE, example: '2025-03-31' })
  end_date!: string;

  @ApiProperty({ enum: ASSIGNMENT_STATUSES, example: 'active' })
  status!: AssignmentStatus;
}

/** The seed's Step 3 answer. */
export const MY_OPPORTUNITIES_EXAMPLE = {
  opportunities: [
    {
      assignment_id: EXAMPLE.assignmentId,
      assignment_type: 'spiff',
      spiff: {
        id: EXAMPLE.spiffId,
        name: 'Q4 Laptop Promotion',
        description: null,
        incentive_amount: 100,
        incentive_type: 'fixed',
        start_date: '2025-01-01',
        end_date: '2025-03-31',
      },
      products: [{ id: EXAMPLE.productId, name: 'Test Laptop Pro', sku: 'LAP-PRO', commission_rate: 12 }],
      target_quantity: 50,
      actual_quantity: 0,
      actual_revenue: 0,
      milestones: [],
      start_date: '2025-01-01',
      end_date: '2025-03-31',
      status: 'active',
    },
  ],
} satisfies { opportunities: Opportunity[] };

export class MyOpportunitiesResponse {
  @ApiProperty({ type: () => [OpportunityResponse], example: MY_OPPORTUNITIES_EXAMPLE.opportunities })
  opportunities!: OpportunityResponse[];
}
