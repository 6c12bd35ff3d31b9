/**
 * The disputes queue: open disputes first (oldest first), filter by status; resolve one as
 * adjusted (an amount, positive or negative, to the cent: a new adjustment line) or declined,
 * always with an answer the partner reads. The disputed line itself never changes.
 */
import { Alert, Button, Group, Input, Modal, NumberInput, SegmentedControl, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';
import { errorMessage } from '../../api/problem';
import { useApiMutation, useApiQuery } from '../../api/query';
import { formatMoney, formatTimestamp } from '../../format/format';
import { DisputeFiles } from '../../disputes/DisputeFiles';
import { DISPUTE_STATUS_LABEL, DisputeStatusBadge } from '../../disputes/DisputeStatusBadge';
import type { DisputeStatus } from '../../disputes/DisputeStatusBadge';
import { EmptyState, Pager, QueryState } from '../../ui/states';
import { NoticeAlert, useIdempotencyKey } from '../common';
import { DISPUTE_ADJUSTMENT_LIMIT, DISPUTE_TEXT_MAX_LENGTH } from '@spiffworks/contracts';
import type { Notice } from '../common';
import { CommissionDrawer } from '../commissions/CommissionDrawer';

type Dispute = Schemas['ListedDisputeResponse'];
type Outcome = Schemas['ResolveDisputeDto']['outcome'];
const PAGE_SIZE = 50;

function ResolveDialog({ dispute, onClose, onResolved }: { dispute: Dispute | null; onClose: () => void; onResolved: (d: Schemas['DisputeResponse']) => void }) {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome>('adjusted');
  const [amount, setAmount] = useState<number | string>('');
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | null>(null);
  // One key per dispute resolved here (the dialog is mounted afresh per dispute): a retry after a timeout replays, never a 409.
  const [key] = useIdempotencyKey();
  const resolve = useApiMutation(
    ({ id, body }: { id: string; body: Schemas['ResolveDisputeDto'] }) =>
      api.POST('/api/disputes/{id}/resolve', { params: { path: { id }, header: { 'Idempotency-Key': key } }, body }),
    {
      onSuccess: (resolved) => {
        setAmount('');
        setAnswer('');
        void queryClient.invalidateQueries({ queryKey: ['/api/disputes'] });
        void queryClient.invalidateQueries({ queryKey: ['/api/commissions'] });
        onResolved(resolved);
      },
      onError: (e) => setError(errorMessage(e)),
    },
  );
  const submit = () => {
    if (!dispute) return;
    if (!answer.trim()) return setError('Write the answer: the partner reads it.');
    if (outcome === 'adjusted' && (typeof amount !== 'number' || amount === 0)) return setError('Enter the adjustment: a non-zero amount, negative to take back.');
    setError(null);
    resolve.mutate({
      id: dispute.id,
      body: outcome === 'adjusted' ? { outcome, adjustment_amount: amount as number, answer: answer.trim() } : { outcome, answer: answer.trim() },
    });
  };
  return (
    <Modal opened={dispute !== null} onClose={onClose} title="Resolve the dispute" centered>
      <Stack>
        {dispute && <Text size="sm">Partner's reason: “{dispute.reason}”</Text>}
        <Input.Wrapper label="Outcome" labelElement="div" id="dispute-outcome">
          <SegmentedControl
            aria-labelledby="dispute-outcome-label"
            value={outcome}
            onChange={(v) => setOutcome(v as Outcome)}
            data={[{ value: 'adjusted', label: 'Adjust' }, { value: 'declined', label: 'Decline' }]}
          />
        </Input.Wrapper>
        {outcome === 'adjusted' && (
          <NumberInput
            label="Adjustment amount"
            withAsterisk
            description="Booked as a new pending adjustment line; negative takes back"
            value={amount}
            onChange={setAmount}
            decimalScale={2}
            min={-DISPUTE_ADJUSTMENT_LIMIT}
            max={DISPUTE_ADJUSTMENT_LIMIT}
            prefix="$"
          />
        )}
        <Textarea label="Answer" withAsterisk description="What the partner reads" value={answer} onChange={(e) => setAnswer(e.currentTarget.value)} maxLength={DISPUTE_TEXT_MAX_LENGTH} rows={3} />
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button loading={resolve.isPending} onClick={submit}>{outcome === 'adjusted' ? 'Adjust and resolve' : 'Decline'}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function DisputeQueuePage() {
  const [status, setStatus] = useState<DisputeStatus | null>('open');
  const [page, setPage] = useState(1);
  const [resolving, setResolving] = useState<Dispute | null>(null);
  const [line, setLine] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const disputes = useApiQuery(['/api/disputes', status, page], () =>
    api.GET('/api/disputes', { params: { query: { ...(status && { status }), page, page_size: PAGE_SIZE } } }),
  );
  return (
    <Stack>
      <Title order={1}>Disputes</Title>
      <Group align="flex-end">
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={(Object.keys(DISPUTE_STATUS_LABEL) as DisputeStatus[]).map((value) => ({ value, label: DISPUTE_STATUS_LABEL[value] }))}
          value={status}
          onChange={(v) => { setStatus(v as DisputeStatus | null); setPage(1); }}
          w={180}
        />
      </Group>
      <NoticeAlert notice={notice} onClose={() => setNotice(null)} />
      <QueryState
        query={disputes}
        loadingLabel="Loading the disputes…"
        isEmpty={(d) => d.total === 0}
        empty={<EmptyState title="No disputes here">{status === 'open' ? 'No partner waits for an answer.' : 'Change or clear the filter.'}</EmptyState>}
      >
        {(data) => (
          <>
            <Table.ScrollContainer minWidth={1000}>
              <Table striped aria-label="Disputes" verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Opened</Table.Th>
                    <Table.Th>Partner</Table.Th>
                    <Table.Th>Reason</Table.Th>
                    <Table.Th>Files</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Answer</Table.Th>
                    <Table.Th ta="right">Adjustment</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>{formatTimestamp(d.opened_at)}</Table.Td>
                      <Table.Td>{d.partner_name ?? <Text span size="xs" ff="monospace">{d.partner_id}</Text>}</Table.Td>
                      <Table.Td><Text size="sm">{d.reason}</Text></Table.Td>
                      <Table.Td><DisputeFiles dispute={d} /></Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}><DisputeStatusBadge status={d.status} /></Table.Td>
                      <Table.Td>{d.answer ?? '—'}</Table.Td>
                      <Table.Td ta="right" ff="monospace">{d.adjustment_amount === null ? '—' : formatMoney(d.adjustment_amount)}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button size="xs" variant="subtle" onClick={() => setLine(d.commission_id)} aria-label={`The disputed line of “${d.reason}”`}>Line</Button>
                          {d.status === 'open' && <Button size="xs" onClick={() => setResolving(d)} aria-label={`Resolve “${d.reason}”`}>Resolve…</Button>}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager total={data.total} page={page} pageSize={PAGE_SIZE} onChange={setPage} label="Pages of disputes" />
          </>
        )}
      </QueryState>
      <ResolveDialog
        key={resolving?.id ?? 'none'}
        dispute={resolving}
        onClose={() => setResolving(null)}
        onResolved={(d) => {
          setResolving(null);
          setNotice({ color: 'green', text: d.status === 'resolved_adjusted' ? `Adjusted by ${formatMoney(d.adjustment_amount ?? 0)}: a new pending line is in the commission queue.` : 'Dispute declined.' });
        }}
      />
      <CommissionDrawer id={line} onClose={() => setLine(null)} />
    </Stack>
  );
}
