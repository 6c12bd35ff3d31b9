import { ApiProperty } from '@nestjs/swagger';
import { INCENTIVE_TYPES, PARTNER_TIERS, SPIFF_ASSIGNMENT_TYPES } from '@spiffworks/contracts';
import type { IncentiveType, PartnerTier, SpiffAssignmentType, SpiffBudgetState, SpiffStatus, SpiffView } from '@spiffworks/contracts';
import { CALENDAR_DATE, EXAMPLE } from '../platform/common.responses';
import { MilestoneDto } from '../platform/milestones.dto';

export class SpiffResponse implements SpiffView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.spiffId })
  id!: string;

  @ApiProperty({ example: 'Q4 Laptop Promotion' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  description!: string | null;

  @ApiProperty({ type: [String], format: 'uuid', example: [EXAMPLE.productId] })
  target_products!: string[];

  @ApiProperty({ enum: [...SPIFF_ASSIGNMENT_TYPES], example: 'tier' })
  assignment_type!: SpiffAssignmentType;

  @ApiProperty({ enum: [...PARTNER_TIERS], isArray: true, example: ['gold', 'platinum'] })
  target_tiers!: PartnerTier[];

  @ApiProperty({ type: [String], format: 'uuid', example: [] })
  target_partners!: string[];

  @ApiProperty({ type: Number, example: 100 })
  incentive_amount!: number;

  @ApiProperty({ enum: [...INCENTIVE_TYPES], example: 'fixed' })
  incentive_type!: IncentiveType;

  @ApiProperty({ ...CALENDAR_DATE, example: '2025-01-01' })
  start_date!: string;

  @ApiProperty({ ...CALENDAR_DATE, example: '2025-03-31' })
  end_date!: string;

  @ApiProperty({ enum: ['active', 'cancelled'], example: 'active' })
  status!: SpiffStatus;

  @ApiProperty({
    ...CALENDAR_DATE,
    nullable: true,
    description: 'The UTC date it was cancelled on; sales dated after it earn no bonus from it.',
    example: null,
  })
  cancelled_on!: string | null;

  @ApiProperty({ type: () => [MilestoneDto], example: [] })
  milestones!: MilestoneDto[];

  @ApiProperty({ type: Number, nullable: true, description: 'The fund; null: unbudgeted.', example: null })
  budget_amount!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The most one partner gets from the fund; null: no cap.', example: null })
  per_partner_cap!: number | null;

  @ApiProperty({ type: 'integer', description: 'Counts changes of the fund.', example: 0 })
  budget_version!: number;

  @ApiProperty({ description: 'Covered sales wait `awaiting_review` for an admin to check their proof of sale.', example: false })
  proof_required!: boolean;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.adminId })
  created_by!: string;

  @ApiProperty({ format: 'date-time', example: '2024-12-20T15:00:00.000Z' })
  created_at!: string;
}

export class SpiffWithAssignmentsResponse extends SpiffResponse {
  @ApiProperty({ type: 'integer', description: 'How many partners hold an assignment for it.', example: 12 })
  assignment_count!: number;
}

/** A spiff fund: what sales committed (net of returns and rejected lines), what is left, when it runs out. */
export class SpiffBudgetResponse implements SpiffBudgetState {
  @ApiProperty({ type: Number, example: 5000 })
  amount!: number;

  @ApiProperty({ type: Number, nullable: true, example: null })
  per_partner_cap!: number | null;

  @ApiProperty({ type: Number, description: 'Σ spiff bonus granted by sales, less what returns and rejected lines gave back.', example: 1200 })
  committed!: number;

  @ApiProperty({ type: Number, example: 3800 })
  remaining!: number;

  @ApiProperty({
    ...CALENDAR_DATE, nullable: true,
    description: 'The day the fund runs out at the last 7 days\' burn rate (the day it did, once exhausted); null when nothing burned in them.',
    example: '2025-02-14',
  })
  forecast_exhausted_on!: string | null;
}

export class SpiffDetailResponse extends SpiffWithAssignmentsResponse {
  @ApiProperty({ type: () => SpiffBudgetResponse, nullable: true, description: 'The fund as fulfillment holds it; null without a budget.' })
  budget!: SpiffBudgetResponse | null;
}

export class ReachByStatusResponse {
  @ApiProperty({ type: 'integer', example: 3 })
  pending!: number;

  @ApiProperty({ type: 'integer', example: 120 })
  approved!: number;

  @ApiProperty({ type: 'integer', example: 1 })
  suspended!: number;
}

/** Whom a spiff's targeting reaches now, by the rule the fan-out applies. */
export class SpiffReachResponse {
  @ApiProperty({ type: 'integer', description: 'Approved partners reached: the assignments a spiff created now would get at once.', example: 120 })
  approved_partners!: number;

  @ApiProperty({ type: 'integer', description: 'Every partner the targeting names, whatever its status (pending and suspended ones join when approved).', example: 124 })
  targeted_partners!: number;

  @ApiProperty({ type: () => ReachByStatusResponse })
  by_status!: ReachByStatusResponse;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Approved partners per targeted tier (tier targeting; empty otherwise).',
    example: { gold: 80, platinum: 40 },
  })
  approved_by_tier!: Partial<Record<PartnerTier, number>>;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Listed ids that name no partner (individual targeting).', example: [] })
  unknown_partners!: string[];
}
