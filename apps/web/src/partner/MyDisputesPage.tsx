import { Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api } from '../api/client';
import { useApiQuery } from '../api/query';
import { formatMoney, formatTimestamp } from '../format/format';
import { DisputeFiles } from '../disputes/DisputeFiles';
import { DisputeStatusBadge } from '../disputes/DisputeStatusBadge';
import { EmptyState, Pager, QueryState } from '../ui/states';

const PAGE_SIZE = 20;

/** The partner's disputes: open ones first, each with the admin's answer and any adjustment booked. */
export function MyDisputesPage() {
  const [page, setPage] = useState(1);
  const disputes = useApiQuery(['/api/disputes', 'mine', page], () => api.GET('/api/disputes', { params: { query: { page, page_size: PAGE_SIZE } } }));
  return (
    <Stack>
      <Title order={1}>My disputes</Title>
      <Text size="sm" c="dimmed">Question a line from My commissions. The line itself never changes: an agreed correction is a new adjustment line.</Text>
      <QueryState
        query={disputes}
        loadingLabel="Loading your disputes…"
        isEmpty={(d) => d.total === 0}
        empty={<EmptyState title="No disputes">Use “Dispute” on a line in My commissions when something looks wrong.</EmptyState>}
      >
        {(data) => (
          <>
            <Table.ScrollContainer minWidth={800}>
              <Table striped aria-label="My disputes" verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Opened</Table.Th>
                    <Table.Th>Your reason</Table.Th>
                    <Table.Th>Files</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Answer</Table.Th>
                    <Table.Th ta="right">Adjustment</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>{formatTimestamp(d.opened_at)}</Table.Td>
                      <Table.Td><Text size="sm">{d.reason}</Text></Table.Td>
                      <Table.Td><DisputeFiles dispute={d} /></Table.Td>
                      <Table.Td><DisputeStatusBadge status={d.status} /></Table.Td>
                      <Table.Td>{d.answer ? <Text size="sm">{d.answer}</Text> : <Text size="sm" c="dimmed">Waiting for an answer</Text>}</Table.Td>
                      <Table.Td ta="right" ff="monospace">{d.adjustment_amount === null ? '—' : formatMoney(d.adjustment_amount)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager total={data.total} page={data.page} pageSize={data.page_size} onChange={setPage} label="Pages of my disputes" />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
