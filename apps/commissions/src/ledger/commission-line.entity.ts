import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CommissionKind, CommissionStatus, CommissionTrace, CommissionView } from '@spiffworks/contracts';
import { MONEY_COLUMN, decimalToNumber } from '@spiffworks/persistence';

/**
 * One line of the commission ledger: a sale's commission, a milestone reward, or a line that takes
 * one back (clawback, reward clawback), gives a clawback back (clawback reversal), or adjusts a disputed
 * line (adjustment). Never edited but for status.
 */
@Entity('commission_lines')
export class CommissionLine {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: CommissionKind;

  @Column({ type: 'uuid' })
  partner_id!: string;

  @Column({ type: 'uuid', nullable: true })
  sale_id!: string | null;

  @Column({ type: 'uuid', nullable: true })
  product_id!: string | null;

  @Column({ type: 'uuid', nullable: true })
  milestone_achievement_id!: string | null;

  @Column({ type: 'uuid', nullable: true })
  return_id!: string | null;

  /** On a reward clawback, the reward it takes back; on a clawback reversal, the clawback it gives back. */
  @Column({ type: 'uuid', nullable: true })
  reverses_line_id!: string | null;

  /** The partner's tier at the sale (sale lines and their clawbacks); null on a milestone reward. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  tier!: string | null;

  /** On an `adjustment`: the dispute whose resolution booked it (one adjustment per dispute). */
  @Column({ type: 'uuid', nullable: true })
  dispute_id!: string | null;

  @Column({ type: 'date', nullable: true })
  sale_date!: string | null;

  /** On a sale's line: the invoice number the partner gave, and its duplicate-detection key (`normalizeInvoiceNumber`). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  invoice_number!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  invoice_key!: string | null;

  @Column(MONEY_COLUMN)
  revenue!: string;

  @Column(MONEY_COLUMN)
  commission_amount!: string;

  @Column(MONEY_COLUMN)
  spiff_bonus!: string;

  @Column(MONEY_COLUMN)
  reward_amount!: string;

  @Column(MONEY_COLUMN)
  total_commission!: string;

  /** `[{spiff_id, name, bonus}]` with bonus as a decimal string. */
  @Column({ type: 'jsonb' })
  spiffs_applied!: Array<{ spiff_id: string; name: string; bonus: string }>;

  @Column({ type: 'uuid', array: true })
  spiff_ids!: string[];

  @Column({ type: 'varchar', length: 20 })
  status!: CommissionStatus;

  @Column({ type: 'text', nullable: true })
  status_reason!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  payout_reference!: string | null;

  @Column({ type: 'jsonb' })
  trace!: CommissionTrace;

  @Column({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'timestamptz' })
  updated_at!: Date;
}

export function toCommissionView(line: CommissionLine, openDisputeId?: string | null): CommissionView {
  return {
    ...(openDisputeId !== undefined && { open_dispute_id: openDisputeId }),
    id: line.id,
    kind: line.kind,
    partner_id: line.partner_id,
    sale_id: line.sale_id,
    product_id: line.product_id,
    milestone_achievement_id: line.milestone_achievement_id,
    return_id: line.return_id,
    sale_date: line.sale_date,
    revenue: decimalToNumber(line.revenue),
    commission_amount: decimalToNumber(line.commission_amount),
    spiff_bonus: decimalToNumber(line.spiff_bonus),
    reward_amount: decimalToNumber(line.reward_amount),
    total_commission: decimalToNumber(line.total_commission),
    spiffs_applied: line.spiffs_applied.map((s) => ({ ...s, bonus: decimalToNumber(s.bonus) })),
    status: line.status,
    status_reason: line.status_reason,
    payout_reference: line.payout_reference,
    trace: line.trace,
    created_at: line.created_at.toISOString(),
    updated_at: line.updated_at.toISOString(),
  };
}
