/**
 * The commission queue: filter the ledger (status, partner, spiff, sale dates), select many lines and
 * approve, pay with a payout reference or reject with a reason (required) in one all-or-nothing
 * move; export what the filters select as CSV; open a line for its trace and history.
 */
import { Alert, Button, Checkbox, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { errorMessage, unwrap } from '../../api/problem';
import { useApiMutation, useApiQuery } from '../../api/query';
import { formatCount, formatDate, formatMoney } from '../../format/format';
import { EmptyState, Pager, QueryState } from '../../ui/states';
import { useDialogSubject } from '../../ui/dialog-subject';
import { CommissionStatusBadge, NoticeAlert, compact } from '../common';
import type { CommissionStatus, Notice } from '../common';
import { PartnerPicker, SpiffSelect } from '../pickers';
import { saveFile } from '../../ui/save-file';
import { COMMISSION_STATUS_LABEL } from '../../ui/commission-status';
import { COMMISSION_STATUSES } from '@spiffworks/contracts';
import { CommissionDrawer } from './CommissionDrawer';

const PAGE_SIZE = 50;

interface Filters {
  status: CommissionStatus | null;
  partner_id: string | null;
  spiff_id: string | null;
  from: string;
  to: string;
}

const KIND_SHORT: Record<string, string> = { sale: 'Sale', milestone_reward: 'Reward', clawback: 'Clawback', reward_clawback: 'Reward clawback', clawback_reversal: 'Reversal', adjustment: 'Adjustment' };

type Move = 'approve' | 'pay' | 'reject';

export function CommissionQueuePage() {
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<Filters>({ status: 'pending', partner_id: null, spiff_id: null, from: '', to: '' });
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // The pay or reject dialog, with the count it was opened for (the selection empties when it succeeds).
  const [dialog, setDialog] = useState<{ move: 'pay' | 'reject'; count: number } | null>(null);
  const shown = useDialogSubject(dialog);
  const [reason, setReason] = useState('');
  const [reference, setReference] = useState('');
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const query = compact({
    status: filters.status ?? undefined, partner_id: filters.partner_id ?? undefined, spiff_id: filters.spiff_id ?? undefined, from: filters.from, to: filters.to,
  });
  const lines = useApiQuery(['/api/commissions', query, page], () => api.GET('/api/commissions', { params: { query: { ...query, page, page_size: PAGE_SIZE } } }));

  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K]) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(1);
    setSelected(new Set());
  };

  const move = useApiMutation(({ kind, ids }: { kind: Move; ids: string[] }) => {
    if (kind === 'approve') return api.POST('/api/commissions/approve', { body: { ids } });
    if (kind === 'pay') return api.POST('/api/commissions/pay', { body: { ids, payout_reference: reference.trim() } });
    return api.POST('/api/commissions/reject', { body: { ids, reason: reason.trim() } });
  }, {
    onSuccess: (result, { kind }) => {
      const n = result.items.length;
      const verb = kind === 'approve' ? 'approved' : kind === 'pay' ? 'paid' : 'rejected';
      setNotice({ color: 'green', text: `${formatCount(n)} line${n === 1 ? '' : 's'} ${verb}.` });
      setSelected(new Set());
      setDialog(null);
      setReason('');
      setReference('');
      void queryClient.invalidateQueries({ queryKey: ['/api/commissions'] });
      void queryClient.invalidateQueries({ queryKey: ['/api/commissions/{id}'] });
    },
    onError: (error) => {
      if (dialog) setDialogError(errorMessage(error));
      else setNotice({ color: 'red', text: `Nothing changed: ${errorMessage(error)}` });
    },
  });

  const ids = [...selected];
  const items = lines.data?.items ?? [];
  const onPage = items.map((l) => l.id);
  const allOnPage = onPage.length > 0 && onPage.every((id) => selected.has(id));
  const someOnPage = onPage.some((id) => selected.has(id));
  const toggle = (id: string) => setSelected((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  const togglePage = () => setSelected((s) => {
    const next = new Set(s);
    for (const id of onPage) if (allOnPage) next.delete(id); else next.add(id);
    return next;
  });

  const openDialog = (kind: Move) => {
    setDialogError(null);
    setNotice(null);
    if (kind === 'approve') move.mutate({ kind, ids });
    else setDialog({ move: kind, count: ids.length });
  };

  const confirmDialog = () => {
    if (dialog?.move === 'reject' && !reason.trim()) return setDialogError('Give the reason: the partner and the audit history see it.');
    if (dialog?.move === 'pay' && !reference.trim()) return setDialogError('Enter the payout batch or transfer reference.');
    setDialogError(null);
    if (dialog) move.mutate({ kind: dialog.move, ids });
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const blob = await unwrap(api.GET('/api/commissions/export.csv', { params: { query }, parseAs: 'blob' })) as unknown as Blob;
      saveFile(blob, `commissions${filters.status ? `-${filters.status}` : ''}${filters.from ? `-from-${filters.from}` : ''}${filters.to ? `-to-${filters.to}` : ''}.csv`);
    } catch (error) {
      setNotice({ color: 'red', text: `The export failed: ${errorMessage(error)}` });
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Commission queue</Title>
        <Button variant="default" onClick={() => void exportCsv()} loading={exporting}>Export CSV</Button>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={COMMISSION_STATUSES.map((value) => ({ value, label: COMMISSION_STATUS_LABEL[value] }))}
          value={filters.status}
          onChange={(v) => setFilter('status', v as CommissionStatus | null)}
          w={160}
        />
        <PartnerPicker label="Partner" value={filters.partner_id} onChange={(v) => setFilter('partner_id', v)} w={260} />
        <SpiffSelect label="Spiff" value={filters.spiff_id} onChange={(v) => setFilter('spiff_id', v)} w={220} />
        <TextInput type="date" label="Sale date from" value={filters.from} onChange={(e) => setFilter('from', e.currentTarget.value)} />
        <TextInput type="date" label="Sale date to" value={filters.to} min={filters.from || undefined} onChange={(e) => setFilter('to', e.currentTarget.value)} />
      </Group>

      <NoticeAlert notice={notice} onClose={() => setNotice(null)} />

      <Paper withBorder p="sm" aria-label="Bulk actions" role="region">
        <Group justify="space-between">
          <Text size="sm" aria-live="polite">{selected.size === 0 ? 'Select lines to approve, pay or reject them together.' : `${formatCount(selected.size)} line${selected.size === 1 ? '' : 's'} selected`}</Text>
          <Group gap="xs">
            <Button size="xs" color="blue" disabled={selected.size === 0} loading={move.isPending && !dialog} onClick={() => openDialog('approve')}>Approve</Button>
            <Button size="xs" color="green" disabled={selected.size === 0} onClick={() => openDialog('pay')}>Pay…</Button>
            <Button size="xs" color="red" variant="light" disabled={selected.size === 0} onClick={() => openDialog('reject')}>Reject…</Button>
            {selected.size > 0 && <Button size="xs" variant="subtle" onClick={() => setSelected(new Set())}>Clear selection</Button>}
          </Group>
        </Group>
      </Paper>

      <QueryState
        query={lines}
        loadingLabel="Loading the ledger…"
        isEmpty={(d) => d.total === 0}
        empty={<EmptyState title="No lines match these filters">{filters.status === 'pending' ? 'Nothing waits for approval.' : 'Change or clear a filter.'}</EmptyState>}
      >
        {(data) => (
          <>
            <Table.ScrollContainer minWidth={1000}>
              <Table striped highlightOnHover aria-label="Commission lines">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={40}>
                      <Checkbox aria-label="Select every line on this page" checked={allOnPage} indeterminate={someOnPage && !allOnPage} onChange={togglePage} />
                    </Table.Th>
                    <Table.Th>Partner</Table.Th>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Sale date</Table.Th>
                    <Table.Th ta="right">Revenue</Table.Th>
                    <Table.Th ta="right">Base</Table.Th>
                    <Table.Th ta="right">Spiff bonus</Table.Th>
                    <Table.Th ta="right">Reward</Table.Th>
                    <Table.Th ta="right">Total</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Details</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((l) => (
                    <Table.Tr key={l.id} bg={selected.has(l.id) ? 'var(--mantine-color-indigo-light)' : undefined}>
                      <Table.Td>
                        <Checkbox aria-label={`Select the line of ${l.partner_name ?? l.partner_id}${l.sale_date ? ` on ${l.sale_date}` : ''}, ${formatMoney(l.total_commission)}`} checked={selected.has(l.id)} onChange={() => toggle(l.id)} />
                      </Table.Td>
                      <Table.Td>{l.partner_name ?? <Text span size="xs" ff="monospace">{l.partner_id}</Text>}</Table.Td>
                      <Table.Td>{KIND_SHORT[l.kind] ?? l.kind}</Table.Td>
                      <Table.Td>{formatDate(l.sale_date)}</Table.Td>
                      <Table.Td ta="right">{formatMoney(l.revenue)}</Table.Td>
                      <Table.Td ta="right">{formatMoney(l.commission_amount)}</Table.Td>
                      <Table.Td ta="right">{formatMoney(l.spiff_bonus)}</Table.Td>
                      <Table.Td ta="right">{formatMoney(l.reward_amount)}</Table.Td>
                      <Table.Td ta="right"><Text span fw={600}>{formatMoney(l.total_commission)}</Text></Table.Td>
                      <Table.Td>
                        <CommissionStatusBadge status={l.status} />
                        {l.payout_reference && <Text size="xs" c="dimmed">{l.payout_reference}</Text>}
                      </Table.Td>
                      <Table.Td>
                        <Button size="xs" variant="subtle" onClick={() => setOpen(l.id)} aria-label={`Details of the line of ${l.partner_name ?? l.partner_id}${l.sale_date ? ` on ${l.sale_date}` : ''}`}>Details</Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager total={data.total} page={page} pageSize={PAGE_SIZE} onChange={setPage} label="Ledger pages" />
          </>
        )}
      </QueryState>

      <Modal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={shown && `${shown.move === 'pay' ? 'Pay' : 'Reject'} ${formatCount(shown.count)} line${shown.count === 1 ? '' : 's'}`}
        centered
      >
        <Stack>
          {shown?.move === 'pay' ? (
            <TextInput
              label="Payout reference"
              withAsterisk
              description="Your payout batch or transfer reference; kept on every line"
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              maxLength={200}
              error={dialogError && !reference.trim() ? dialogError : undefined}
              data-autofocus
            />
          ) : (
            <Textarea
              label="Reason"
              withAsterisk
              description="Why these lines are rejected; kept in each line's history"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              maxLength={2000}
              rows={3}
              error={dialogError && !reason.trim() ? dialogError : undefined}
              data-autofocus
            />
          )}
          <Text size="xs" c="dimmed">All or nothing: if one line cannot make this move, none changes.</Text>
          {dialogError && (shown?.move === 'pay' ? reference.trim() : reason.trim()) && <Alert color="red" role="alert">{dialogError}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDialog(null)}>Cancel</Button>
            <Button color={shown?.move === 'pay' ? 'green' : 'red'} loading={move.isPending} onClick={confirmDialog}>
              {shown?.move === 'pay' ? 'Mark as paid' : 'Reject lines'}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <CommissionDrawer id={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}
