/** One ledger line: its amounts, its trace in plain words, and its status history (who, when, from, to, why). */
import { Badge, Drawer, Group, List, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';
import { useApiQuery } from '../../api/query';
import { formatDate, formatMoney, formatTimestamp } from '../../format/format';
import { QueryState } from '../../ui/states';
import { useDialogSubject } from '../../ui/dialog-subject';
import { CommissionStatusBadge } from '../common';
import type { CommissionStatus } from '../common';
import { COMMISSION_STATUS_LABEL } from '../../ui/commission-status';
import { traceLines } from './trace';

const statusWord = (status: CommissionStatus): string => COMMISSION_STATUS_LABEL[status].toLowerCase();

const KIND_LABEL: Record<Schemas['AdminCommissionResponse']['kind'], string> = {
  sale: 'Sale', milestone_reward: 'Milestone reward', clawback: 'Clawback (return)', reward_clawback: 'Reward clawback', clawback_reversal: 'Clawback reversal', adjustment: 'Adjustment (dispute)',
};

function Amount({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={500}>{formatMoney(value)}</Text>
    </div>
  );
}

export function CommissionDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const shownId = useDialogSubject(id);
  const line = useApiQuery(['/api/commissions/{id}', shownId], () => api.GET('/api/commissions/{id}', { params: { path: { id: shownId ?? '' } } }), { enabled: shownId !== null });
  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" size="lg" title="Commission line">
      {shownId && (
        <QueryState query={line} loadingLabel="Loading the line…">
          {(l) => (
            <Stack>
              <Group justify="space-between">
                <div>
                  <Title order={2} size="h3">{l.partner_name ?? l.partner_id}</Title>
                  <Text size="sm" c="dimmed">{KIND_LABEL[l.kind] ?? l.kind}{l.sale_date ? ` · sale of ${formatDate(l.sale_date)}` : ''}</Text>
                </div>
                <CommissionStatusBadge status={l.status} />
              </Group>
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <Amount label="Revenue" value={l.revenue} />
                <Amount label="Base commission" value={l.commission_amount} />
                <Amount label="Spiff bonus" value={l.spiff_bonus} />
                {l.reward_amount !== 0 && <Amount label="Reward" value={l.reward_amount} />}
                <Amount label="Total" value={l.total_commission} />
              </SimpleGrid>
              {l.payout_reference && <Text size="sm">Payout reference: <Badge variant="outline">{l.payout_reference}</Badge></Text>}
              {l.status_reason && <Text size="sm">Reason: {l.status_reason}</Text>}
              <div>
                <Title order={3} size="h4" mb="xs">How it was calculated</Title>
                <List size="sm" spacing={4}>
                  {traceLines(l).map((text, i) => <List.Item key={i}>{text}</List.Item>)}
                </List>
              </div>
              <div>
                <Title order={3} size="h4" mb="xs">History</Title>
                <Timeline active={l.history.length - 1} bulletSize={14} lineWidth={2}>
                  {l.history.map((h, i) => (
                    <Timeline.Item key={i} title={h.from_status ? `${statusWord(h.from_status)} → ${statusWord(h.to_status)}` : `Booked as ${statusWord(h.to_status)}`}>
                      <Text size="xs" c="dimmed">{formatTimestamp(h.changed_at)} · {changedBy(h)}</Text>
                      {h.reason && <Text size="sm">{h.reason}</Text>}
                    </Timeline.Item>
                  ))}
                </Timeline>
              </div>
              <Text size="xs" c="dimmed">Line {l.id}</Text>
            </Stack>
          )}
        </QueryState>
      )}
    </Drawer>
  );
}

/** Who made a change: the user's email, the ledger itself, or (a user the partners service no longer knows) the start of the user id. */
function changedBy(change: { changed_by: string | null; changed_by_email: string | null }): string {
  if (!change.changed_by) return 'by the ledger';
  return change.changed_by_email ? `by ${change.changed_by_email}` : `by user ${change.changed_by.slice(0, 8)}`;
}
