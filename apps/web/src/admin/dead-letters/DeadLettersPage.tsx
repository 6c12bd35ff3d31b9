/** Dead letters: events a service failed to apply past the delivery limit, with their error; replay one. */
import { Alert, Button, Code, Group, Select, Spoiler, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { errorMessage } from '../../api/problem';
import { useApiMutation, useApiQuery } from '../../api/query';
import { formatCount, formatTimestamp } from '../../format/format';
import { EmptyState, Pager, QueryState } from '../../ui/states';
import { ConfirmDialog, NoticeAlert } from '../common';
import type { Notice } from '../common';

type Service = 'fulfillment' | 'commissions' | 'analytics';
const PAGE_SIZE = 25;

export function DeadLettersPage() {
  const queryClient = useQueryClient();
  const [service, setService] = useState<Service | null>(null);
  const [page, setPage] = useState(1);
  const [replaying, setReplaying] = useState<{ id: string; service: string; event_type: string | null } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const letters = useApiQuery(['/api/admin/dead-letters', service], () =>
    api.GET('/api/admin/dead-letters', { params: { query: service ? { service } : {} } }),
  );
  const replay = useApiMutation(({ id, service: s }: { id: string; service: string }) =>
    api.POST('/api/admin/dead-letters/{id}/replay', { params: { path: { id }, query: { service: s as Service } } }), {
    onSuccess: (r) => {
      setReplaying(null);
      setNotice({ color: 'green', text: `Replayed in ${r.replayed_in.join(', ')}: back on the queue with a fresh set of attempts.` });
      void queryClient.invalidateQueries({ queryKey: ['/api/admin/dead-letters'] });
    },
    onError: (error) => {
      setReplaying(null);
      setNotice({ color: 'red', text: errorMessage(error) });
    },
  });

  return (
    <Stack>
      <Title order={1}>Dead letters</Title>
      <Text size="sm" c="dimmed">Events a service could not apply after 5 attempts. Fix the cause, then replay: the inbox makes a replay harmless if it was applied after all.</Text>
      <Group align="flex-end">
        <Select
          label="Service"
          placeholder="Every service"
          clearable
          data={[{ value: 'fulfillment', label: 'Fulfillment' }, { value: 'commissions', label: 'Commissions' }, { value: 'analytics', label: 'Analytics' }]}
          value={service}
          onChange={(v) => { setService(v as Service | null); setPage(1); }}
        />
        <Button variant="default" onClick={() => void letters.refetch()} loading={letters.isFetching}>Refresh</Button>
      </Group>
      <NoticeAlert notice={notice} onClose={() => setNotice(null)} />
      <QueryState
        query={letters}
        loadingLabel="Asking every service…"
        isEmpty={(d) => d.items.length === 0 && d.unavailable_services.length === 0}
        empty={<EmptyState title="No dead letters">Every event was applied.</EmptyState>}
      >
        {(data) => {
          const shown = data.items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
          return (
            <>
              {data.unavailable_services.length > 0 && (
                <Alert color="yellow" title="Some services did not answer" role="status">{data.unavailable_services.join(', ')}: their dead letters are not in this list.</Alert>
              )}
              {data.total > data.items.length && (
                <Text size="sm" c="dimmed">Showing the newest {formatCount(data.items.length)} of {formatCount(data.total)} dead letters.</Text>
              )}
              <Table.ScrollContainer minWidth={900}>
                <Table striped aria-label="Dead letters">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Service</Table.Th>
                      <Table.Th>Event</Table.Th>
                      <Table.Th>Error</Table.Th>
                      <Table.Th ta="right">Attempts</Table.Th>
                      <Table.Th>Last failed</Table.Th>
                      <Table.Th>Actions</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {shown.map((d) => (
                      <Table.Tr key={`${d.service}:${d.id}`}>
                        <Table.Td>{d.service}</Table.Td>
                        <Table.Td>
                          <Text size="sm" fw={500}>{d.event_type ?? 'unknown event'}</Text>
                          <Text size="xs" c="dimmed" ff="monospace">{d.id}</Text>
                        </Table.Td>
                        <Table.Td maw={360}>
                          <Text size="sm" c="red">{d.error ?? '—'}</Text>
                          <Spoiler maxHeight={0} showLabel="Show payload" hideLabel="Hide payload">
                            <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{JSON.stringify(d.payload, null, 2)}</Code>
                          </Spoiler>
                        </Table.Td>
                        <Table.Td ta="right">{d.attempts}</Table.Td>
                        <Table.Td>{formatTimestamp(d.last_failed_at)}</Table.Td>
                        <Table.Td>
                          <Button size="xs" variant="light" onClick={() => setReplaying(d)} aria-label={`Replay ${d.event_type ?? 'event'} ${d.id} in ${d.service}`}>Replay</Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Pager total={data.items.length} page={page} pageSize={PAGE_SIZE} onChange={setPage} label="Dead letter pages" />
            </>
          );
        }}
      </QueryState>
      <ConfirmDialog
        opened={replaying !== null}
        title="Replay this event?"
        confirmLabel="Replay"
        color="indigo"
        loading={replay.isPending}
        onClose={() => setReplaying(null)}
        onConfirm={() => replaying && replay.mutate({ id: replaying.id, service: replaying.service })}
      >
        {replaying ? `${replaying.event_type ?? 'The event'} goes back on the ${replaying.service} queue with a fresh set of attempts, and leaves the dead letters.` : ''}
      </ConfirmDialog>
    </Stack>
  );
}
