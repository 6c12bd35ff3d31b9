/** Shared pieces of the admin screens: badges, tiers, confirm dialogs, idempotency keys. */
import { Alert, Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Schemas } from '../api/client';
import { WHOLE } from '../ui/commission-status';

export type Tier = Schemas['PartnerResponse']['tier'];
export type PartnerStatus = Schemas['PartnerResponse']['status'];
export type { CommissionStatus } from '../ui/commission-status';
export { CommissionStatusBadge } from '../ui/commission-status';

export const TIERS: readonly Tier[] = ['bronze', 'silver', 'gold', 'platinum'];
export const TIER_LABEL: Record<Tier, string> = { bronze: 'Bronze', silver: 'Silver', gold: 'Gold', platinum: 'Platinum' };
export const TIER_OPTIONS = TIERS.map((t) => ({ value: t, label: TIER_LABEL[t] }));

const PARTNER_STATUS_COLOR: Record<PartnerStatus, string> = { pending: 'yellow', approved: 'green', suspended: 'red' };

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function PartnerStatusBadge({ status }: { status: PartnerStatus }) {
  return <Badge color={PARTNER_STATUS_COLOR[status]} variant="light" {...WHOLE}>{capitalize(status)}</Badge>;
}

export function SpiffStatusBadge({ status }: { status: 'active' | 'cancelled' }) {
  return <Badge color={status === 'active' ? 'green' : 'gray'} variant="light" {...WHOLE}>{capitalize(status)}</Badge>;
}

/** `invited`: a partner user an import created, until it accepts its invite. */
export function UserStatusBadge({ status }: { status: 'active' | 'inactive' | 'invited' }) {
  const color = status === 'active' ? 'green' : status === 'invited' ? 'blue' : 'gray';
  return <Badge color={color} variant="light" {...WHOLE}>{capitalize(status)}</Badge>;
}

export function TierBadge({ tier }: { tier: Tier }) {
  return <Badge variant="outline" color="gray" {...WHOLE}>{TIER_LABEL[tier]}</Badge>;
}

export { useIdempotencyKey } from '../ui/idempotency-key';

/** A confirmation dialog: what will happen, then confirm or cancel (Escape cancels). */
export function ConfirmDialog({
  opened, title, children, confirmLabel, color = 'red', loading, onConfirm, onClose,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        {typeof children === 'string' ? <Text size="sm">{children}</Text> : children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Keep it</Button>
          <Button color={color} loading={loading} onClick={onConfirm}>{confirmLabel}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** `{ a: undefined, b: '' , c: 1 }` → `{ c: 1 }`: query parameters the user left empty are not sent. */
export function compact<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Partial<T>;
}

/** The outcome of the last action on a list: green says what changed, red why nothing did. */
export interface Notice {
  color: 'green' | 'red';
  text: string;
}

/** Shown above a list until closed; a red one is announced as an alert, a green one as a status. */
export function NoticeAlert({ notice, onClose }: { notice: Notice | null; onClose: () => void }) {
  if (!notice) return null;
  return (
    <Alert color={notice.color} withCloseButton onClose={onClose} role={notice.color === 'red' ? 'alert' : 'status'}>
      {notice.text}
    </Alert>
  );
}
