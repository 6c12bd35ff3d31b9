import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COMMISSION_STATUSES } from '@spiffworks/contracts';
import type { CommissionKind, CommissionStatus, CommissionTrace, CommissionView } from '@spiffworks/contracts';
import { CALENDAR_DATE, EXAMPLE } from '../platform/common.responses';
import { SpiffAppliedResponse } from '../fulfillment/sales.responses';

const COMMISSION_KINDS: CommissionKind[] = ['sale', 'milestone_reward', 'clawback', 'reward_clawback', 'clawback_reversal', 'adjustment'];

type TraceSpiff = NonNullable<CommissionTrace['spiffs']>[number];

/** A spiff the ledger considered for a sale, and why it applied or not. Decimals are strings. */
export class TraceSpiffResponse implements TraceSpiff {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.spiffId })
  spiff_id!: string;

  @ApiProperty({ example: 'Q4 Laptop Promotion' })
  name!: string;

  @ApiProperty({ example: true })
  applied!: boolean;

  @ApiProperty({ example: 'applies: sale inside the period, product in the spiff, partner assigned' })
  reason!: string;

  @ApiProperty({ example: 'fixed' })
  incentive_type!: string;

  @ApiProperty({ example: '100' })
  incentive_amount!: string;

  @ApiProperty({ description: 'Before rounding.', example: '200' })
  bonus_exact!: string;

  @ApiProperty({ example: '200.00' })
  bonus!: string;
}

export class TraceRewardResponse {
  @ApiProperty({ example: 'Sell 10 laptops' })
  milestone!: string;

  @ApiProperty({ example: 'units' })
  metric!: string;

  @ApiProperty({ example: '10' })
  threshold!: string;

  @ApiProperty({ example: '250.00' })
  reward_amount!: string;
}

export class TraceClawbackResponse {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.commissionId })
  original_line_id!: string;

  @ApiProperty({ type: 'integer', example: 2 })
  sold_quantity!: number;

  @ApiProperty({ type: 'integer', example: 0 })
  returned_before!: number;

  @ApiProperty({ type: 'integer', example: 1 })
  returned!: number;

  @ApiProperty({ example: 'cumulative share: round(amount × returned_after / sold) − round(amount × returned_before / sold), half-up to cents, negated' })
  method!: string;
}

export class TraceRewardClawbackResponse implements NonNullable<CommissionTrace['reward_clawback']> {
  @ApiProperty({ format: 'uuid', description: 'The milestone_reward line taken back.', example: EXAMPLE.commissionId })
  original_line_id!: string;

  @ApiProperty({ format: 'uuid', description: 'The achievement the return reversed.' })
  achievement_id!: string;

  @ApiProperty({ example: 'Sell 10 laptops' })
  milestone!: string;

  @ApiProperty({ example: 'units' })
  metric!: string;

  @ApiProperty({ example: '10' })
  threshold!: string;

  @ApiProperty({ description: "The assignment's progress after the return.", example: '9' })
  progress!: string;

  @ApiProperty({ format: 'uuid' })
  return_id!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.saleId })
  sale_id!: string;
}

export class TraceReversalResponse implements NonNullable<CommissionTrace['reversal']> {
  @ApiProperty({ format: 'uuid', description: 'The approved or paid clawback given back.' })
  reversed_line_id!: string;

  @ApiProperty({ format: 'uuid', description: 'The rejected line the clawback took back from.', example: EXAMPLE.commissionId })
  rejected_line_id!: string;

  @ApiProperty({ example: 'reverses clawback … (paid) because sale line … was rejected' })
  reason!: string;
}

export class TraceAdjustmentResponse implements NonNullable<CommissionTrace['adjustment']> {
  @ApiProperty({ format: 'uuid', description: 'The dispute whose resolution booked this line.' })
  dispute_id!: string;

  @ApiProperty({ format: 'uuid', description: 'The disputed line (never changed).', example: EXAMPLE.commissionId })
  disputed_line_id!: string;

  @ApiProperty({ description: "The partner's reason.", example: 'the spiff bonus is missing' })
  reason!: string;

  @ApiProperty({ description: "The admin's answer.", example: 'bonus added' })
  answer!: string;

  @ApiProperty({ example: '25.00' })
  adjustment_amount!: string;
}

/** How a line's amounts came about: enough to recompute them by hand. Decimals are strings. */
export class CommissionTraceResponse implements CommissionTrace {
  @ApiPropertyOptional({ example: 'gold' })
  tier?: string;

  @ApiPropertyOptional({ description: "Percent for the partner's tier at the time of the sale.", example: '12' })
  commission_rate?: string;

  @ApiPropertyOptional({ example: '2000.00' })
  revenue?: string;

  @ApiPropertyOptional({ type: 'integer', example: 2 })
  quantity?: number;

  @ApiPropertyOptional({ description: 'revenue × rate before rounding.', example: '240' })
  base_exact?: string;

  @ApiPropertyOptional({ type: () => [TraceSpiffResponse] })
  spiffs?: TraceSpiffResponse[];

  @ApiPropertyOptional({ type: () => TraceRewardResponse, description: 'On a milestone_reward line.' })
  reward?: TraceRewardResponse;

  @ApiPropertyOptional({ type: () => TraceClawbackResponse, description: 'On a clawback line.' })
  clawback?: TraceClawbackResponse;

  @ApiPropertyOptional({ type: () => TraceRewardClawbackResponse, description: 'On a reward_clawback line.' })
  reward_clawback?: TraceRewardClawbackResponse;

  @ApiPropertyOptional({ type: () => TraceReversalResponse, description: 'On a clawback_reversal line.' })
  reversal?: TraceReversalResponse;

  @ApiPropertyOptional({ type: () => TraceAdjustmentResponse, description: 'On an adjustment line.' })
  adjustment?: TraceAdjustmentResponse;

  @ApiProperty({ example: 'half-up to cents, once per amount: the base, and each spiff bonus; total = base + bonuses' })
  rounding!: string;
}

/** One ledger line. Money as JSON numbers, exact to the cent. */
export class CommissionResponse implements CommissionView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.commissionId })
  id!: string;

  @ApiProperty({ enum: COMMISSION_KINDS, description: 'A clawback is a negative line booked for a return; a reward_clawback takes a milestone reward back when a return un-reaches the milestone; a clawback_reversal gives back an approved or paid clawback whose original line was rejected; an adjustment (positive or negative) is booked by resolving a dispute of a line "adjusted".', example: 'sale' })
  kind!: CommissionKind;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: "The line's open dispute, null when none is open.", example: null })
  open_dispute_id?: string | null;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.partnerId })
  partner_id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EXAMPLE.saleId })
  sale_id!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EXAMPLE.productId })
  product_id!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  milestone_achievement_id!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  return_id!: string | null;

  @ApiProperty({ ...CALENDAR_DATE, nullable: true, example: '2025-01-15' })
  sale_date!: string | null;

  @ApiProperty({ type: Number, example: 2000 })
  revenue!: number;

  @ApiProperty({ type: Number, example: 240 })
  commission_amount!: number;

  @ApiProperty({ type: Number, example: 200 })
  spiff_bonus!: number;

  @ApiProperty({ type: Number, example: 0 })
  reward_amount!: number;

  @ApiProperty({ type: Number, example: 440 })
  total_commission!: number;

  @ApiProperty({ type: () => [SpiffAppliedResponse] })
  spiffs_applied!: SpiffAppliedResponse[];

  @ApiProperty({ enum: [...COMMISSION_STATUSES], description: 'pending → approved → paid, or rejected (from pending or approved). A sale covered by a proof-required spiff starts awaiting_review: an admin\'s review moves it to pending (approved) or rejected (declined, with the reason).', example: 'pending' })
  status!: CommissionStatus;

  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected (or its proof of sale declined); the note of an approved review.', example: null })
  status_reason!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  payout_reference!: string | null;

  @ApiProperty({ type: () => CommissionTraceResponse })
  trace!: CommissionTraceResponse;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.createdAt })
  created_at!: string;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.createdAt })
  updated_at!: string;
}

export class CommissionStatusChangeResponse {
  @ApiProperty({ enum: [...COMMISSION_STATUSES], nullable: true, description: 'Null for the line being recorded.', example: null })
  from_status!: CommissionStatus | null;

  @ApiProperty({ enum: [...COMMISSION_STATUSES], example: 'pending' })
  to_status!: CommissionStatus;

  @ApiProperty({ type: String, nullable: true, example: null })
  reason!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The user who made the change; null for the ledger\'s own (a line recorded from its sale).', example: null })
  changed_by!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'That user\'s email (from the partners service); null with `changed_by`.', example: null })
  changed_by_email!: string | null;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.createdAt })
  changed_at!: string;
}

/** A line as admins list it: with its partner's name. */
export class AdminCommissionResponse extends CommissionResponse {
  @ApiProperty({ type: String, nullable: true, description: "The partner's name (from the partners service).", example: 'TechCorp Partners Inc.' })
  partner_name!: string | null;
}

/** One line with its status history (who, when, from, to, why). */
export class CommissionDetailResponse extends AdminCommissionResponse {
  @ApiProperty({ type: () => [CommissionStatusChangeResponse] })
  history!: CommissionStatusChangeResponse[];
}

export class CommissionListResponse {
  @ApiProperty({ type: () => [CommissionResponse] })
  items!: CommissionResponse[];
}

export class ReviewAttachmentResponse {
  @ApiProperty({ format: 'uuid', description: 'Download: `GET /api/fulfillment/sales/{sale_id}/attachments/{id}`.', example: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e' })
  id!: string;

  @ApiProperty({ example: 'image/png' })
  content_type!: string;

  @ApiProperty({ type: 'integer', example: 48213 })
  size!: number;

  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  sha256!: string;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.createdAt })
  added_at!: string;
}

export class DuplicateFlagResponse {
  @ApiProperty({ enum: ['invoice', 'attachment'], description: '`invoice`: another partner claimed the same invoice number (normalized); `attachment`: the same file (sha256) is on another sale.', example: 'invoice' })
  kind!: 'invoice' | 'attachment';

  @ApiProperty({ description: 'The normalized invoice number, or the sha256.', example: 'inv2025001' })
  key!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.saleId })
  other_sale_id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "The other sale's ledger line, null while it is not booked.", example: EXAMPLE.commissionId })
  other_line_id!: string | null;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.partnerId })
  other_partner_id!: string;
}

export class ReviewItemResponse {
  @ApiProperty({ type: () => AdminCommissionResponse })
  line!: AdminCommissionResponse;

  @ApiProperty({ type: String, nullable: true, example: 'INV-2025-001' })
  invoice_number!: string | null;

  @ApiProperty({ type: () => [ReviewAttachmentResponse] })
  attachments!: ReviewAttachmentResponse[];

  @ApiProperty({ type: () => [DuplicateFlagResponse] })
  duplicates!: DuplicateFlagResponse[];
}
