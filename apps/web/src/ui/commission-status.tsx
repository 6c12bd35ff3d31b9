/** A ledger line's status in words and colour: the same for partners and admins, every status (awaiting review included). */
import { Badge } from '@mantine/core';
import type { Schemas } from '../api/client';

export type CommissionStatus = Schemas['AdminCommissionResponse']['status'];
/** A sale's commission before the ledger has booked its line. */
type SaleCommissionStatus = CommissionStatus | 'calculating';

export const COMMISSION_STATUS_LABEL: Record<SaleCommissionStatus, string> = {
  awaiting_review: 'Awaiting review', pending: 'Pending', approved: 'Approved', paid: 'Paid', rejected: 'Rejected', calculating: 'Calculating',
};
const COLOR: Record<SaleCommissionStatus, string> = { awaiting_review: 'orange', pending: 'yellow', approved: 'blue', paid: 'green', rejected: 'red', calculating: 'gray' };

/** Badges in narrow table cells keep their whole word (Mantine's default ellipsis cut "Approved" to "APPROV…"). */
export const WHOLE = { tt: 'none', style: { overflow: 'visible', flexShrink: 0 }, styles: { label: { overflow: 'visible' } } } as const;

export function CommissionStatusBadge({ status }: { status: SaleCommissionStatus }) {
  return <Badge color={COLOR[status]} variant="light" {...WHOLE}>{COMMISSION_STATUS_LABEL[status]}</Badge>;
}
