import { Badge } from '@mantine/core';
import type { Schemas } from '../api/client';
import { WHOLE } from '../ui/commission-status';

export type DisputeStatus = Schemas['DisputeResponse']['status'];

export const DISPUTE_STATUS_LABEL: Record<DisputeStatus, string> = {
  open: 'Open',
  resolved_adjusted: 'Adjusted',
  resolved_declined: 'Declined',
};

const COLOR: Record<DisputeStatus, string> = { open: 'yellow', resolved_adjusted: 'green', resolved_declined: 'gray' };

/** A dispute's state, the same words for the partner and the admin. */
export function DisputeStatusBadge({ status }: { status: DisputeStatus }) {
  return (
    <Badge color={COLOR[status]} variant="light" {...WHOLE}>
      {DISPUTE_STATUS_LABEL[status]}
    </Badge>
  );
}
