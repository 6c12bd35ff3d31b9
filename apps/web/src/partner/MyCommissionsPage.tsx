import { Alert, Badge, Button, Group, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api } from '../api/client';
import type { Schemas } from '../api/client';
import { useApiQuery } from '../api/query';
import { useUser } from '../auth/session';
import { formatDate, formatMoney, formatTimestamp } from '../format/format';
import { EmptyState, ErrorState, Loading, Pager, QueryState } from '../ui/states';
import { describeLine } from './commission-text';
import { DisputeLineDialog } from './DisputeLineDialog';
import { CommissionStatusBadge } from '../ui/commission-status';

type Status = NonNullable<NonNullable<import('../api/schema').paths['/api/commissions/my-commissions']['get']['parameters']['query']>['status']>;
type Line = Schemas['CommissionResponse'];
const PAGE_SIZE = 20;
const STATUSES: Array<{ value: Status; label: string; empty: string }> = [
  { value: 'awaiting_review', label: 'Awaiting review', empty: 'No commission waits for a review of its proof of sale.' },
  { value: 'pending', label: 'Pending', empty: 'No commission is waiting for approval.' },
  { value: 'approved', label: 'Approved', empty: 'No approved commission is waiting for payment.' },
  { value: 'paid', label: 'Paid', empty: 'Nothing has been paid yet.' },
  { value: 'rejected', label: 'Rejected', empty: 'No commission was rejected.' },
];

const KIND_LABEL: Record<Line['kind'], string> = {
  sale: 'Sale',
  milestone_reward: 'Milestone reward',
  clawback: 'Return clawback',
  reward_clawback: 'Reward clawback',
  clawback_reversal: 'Clawback reversal',
  adjustment: 'Adjustment',
};

function LinesTable({ status, onDispute }: { status: Status; onDispute: (line: Line) => void }) {
  const [page, setPage] = useState(1);
  const lines = useApiQuery(['/api/commissions/my-commissions', status, page], () =>
    api.GET('/api/commissions/my-commissions', { params: { query: { status, page, page_size: PAGE_SIZE } } }),
  );
  const info = STATUSES.find((s) => s.value === status)!;
  return (
    <QueryState query={lines} loadingLabel="Loading your commissions…" isEmpty={(d) => d.total === 0} empty={<EmptyState title={`No ${info.label.toLowerCase()} commissions`}>{info.empty}</EmptyState>}>
      {(data) => (
        <>
          <Table.ScrollContainer minWidth={800}>
            <Table striped aria-label={`${info.label} commissions`} verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Sale date</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>How it was calculated</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Question it</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((line) => (
                  <Table.Tr key={line.id}>
                    <Table.Td>{formatDate(line.sale_date)}</Table.Td>
                    <Table.Td>{KIND_LABEL[line.kind]}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{describeLine(line)}</Text>
                      {line.status_reason && (
                        <Text size="xs" c="dimmed">
                          Note: {line.status_reason}
                        </Text>
                      )}
                      {line.payout_reference && (
                        <Text size="xs" c="dimmed">
                          Payout reference {line.payout_reference}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatMoney(line.total_commission)}
                    </Table.Td>
                    <Table.Td>
                      <CommissionStatusBadge status={line.status} />
                      <Text size="xs" c="dimmed">
                        {formatTimestamp(line.updated_at)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {line.open_dispute_id ? (
                        <Badge color="yellow" variant="outline">Dispute open</Badge>
                      ) : (
                        <Button size="xs" variant="subtle" onClick={() => onDispute(line)} aria-label={`Dispute the line of ${formatDate(line.sale_date)}, ${formatMoney(line.total_commission)}`}>
                          Dispute
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager total={data.total} page={data.page} pageSize={data.page_size} onChange={setPage} label={`Pages of ${info.label.toLowerCase()} commissions`} />
        </>
      )}
    </QueryState>
  );
}

/** What the partner earned, by status, each line with its trace in plain words. */
export function MyCommissionsPage() {
  const user = useUser();
  const metrics = useApiQuery(['/api/fulfillment/analytics/partner/{id}', user.partner_id], () =>
    api.GET('/api/fulfillment/analytics/partner/{id}', { params: { path: { id: user.partner_id ?? '' } } }),
  );
  const [tab, setTab] = useState<Status>('pending');
  const [disputing, setDisputing] = useState<Line | null>(null);
  const [sent, setSent] = useState(false);
  const totals = metrics.data?.metrics;
  return (
    <Stack>
      <Title order={1}>My commissions</Title>
      {metrics.isPending && <Loading label="Loading your totals…" />}
      {metrics.isError && <ErrorState title="Your totals are unavailable" error={metrics.error} onRetry={() => void metrics.refetch()} />}
      {totals && (
        <Group gap="xl" role="region" aria-label="Totals by status">
          <Text>
            Pending <b>{formatMoney(totals.pending_commission)}</b>
          </Text>
          <Text>
            Approved <b>{formatMoney(totals.approved_commission)}</b>
          </Text>
          <Text>
            Paid <b>{formatMoney(totals.paid_commission)}</b>
          </Text>
        </Group>
      )}
      {sent && (
        <Alert color="green" withCloseButton onClose={() => setSent(false)}>
          Dispute sent. Follow it and read the answer in My disputes.
        </Alert>
      )}
      <Tabs value={tab} onChange={(v) => v && setTab(v as Status)} keepMounted={false}>
        <Tabs.List aria-label="Commission status">
          {STATUSES.map((s) => (
            <Tabs.Tab key={s.value} value={s.value}>
              {s.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {STATUSES.map((s) => (
          <Tabs.Panel key={s.value} value={s.value} pt="md">
            <LinesTable status={s.value} onDispute={setDisputing} />
          </Tabs.Panel>
        ))}
      </Tabs>
      <DisputeLineDialog line={disputing} onClose={() => setDisputing(null)} onOpened={() => { setDisputing(null); setSent(true); }} />
    </Stack>
  );
}
