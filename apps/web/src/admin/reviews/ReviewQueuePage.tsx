/**
 * The review queue: lines awaiting review of their proof of sale, oldest first, filtered by spiff,
 * partner and age. Each shows its sale's attachments (`AttachmentPreview`: an image inline, a PDF
 * opened from a blob fetched with the session's token) and its duplicate flags, linked to the
 * other claim's line. Approve (→ pending) or decline (→ rejected, with the reason the partner
 * reads), one line or the selected ones.
 */
import { Alert, Anchor, Badge, Button, Checkbox, Group, Modal, NumberInput, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';
import { errorMessage, unwrap } from '../../api/problem';
import { useApiMutation, useApiQuery } from '../../api/query';
import { formatDate, formatMoney, formatTimestamp } from '../../format/format';
import { EmptyState, Pager, QueryState } from '../../ui/states';
import { useDialogSubject } from '../../ui/dialog-subject';
import { AttachmentPreview } from '../../ui/AttachmentPreview';
import { NoticeAlert } from '../common';
import { REVIEW_REASON_MAX_LENGTH } from '@spiffworks/contracts';
import type { Notice } from '../common';
import { PartnerPicker, SpiffSelect } from '../pickers';
import { CommissionDrawer } from '../commissions/CommissionDrawer';

type Item = Schemas['ReviewItemResponse'];
type Decision = 'approve' | 'decline';
const PAGE_SIZE = 20;

const fetchAttachment = (saleId: string, attachmentId: string): Promise<Blob> =>
  unwrap(api.GET('/api/fulfillment/sales/{id}/attachments/{attachment_id}', { params: { path: { id: saleId, attachment_id: attachmentId } }, parseAs: 'blob' })) as unknown as Promise<Blob>;

function ReviewCard({ item, selected, onSelect, onDecide, onOpenLine }: {
  item: Item; selected: boolean; onSelect: (on: boolean) => void; onDecide: (decision: Decision) => void; onOpenLine: (id: string) => void;
}) {
  const { line } = item;
  const title = `${line.partner_name ?? line.partner_id}, sale of ${line.sale_date ? formatDate(line.sale_date) : '—'}`;
  return (
    <Paper withBorder p="md" component="article" aria-label={title}>
      <Group justify="space-between" align="flex-start">
        <Group align="flex-start">
          <Checkbox aria-label={`Select ${title}`} checked={selected} onChange={(e) => onSelect(e.currentTarget.checked)} />
          <Stack gap={2}>
            <Text fw={600}>{title}</Text>
            <Text size="sm">Invoice {item.invoice_number ?? '—'} · revenue {formatMoney(line.revenue)} · commission {formatMoney(line.commission_amount)} + bonus {formatMoney(line.spiff_bonus)} = {formatMoney(line.total_commission)}</Text>
            <Text size="xs" c="dimmed">Waiting since {formatTimestamp(line.created_at)}</Text>
          </Stack>
        </Group>
        <Group gap="xs">
          <Button size="xs" variant="subtle" onClick={() => onOpenLine(line.id)}>Line</Button>
          <Button size="xs" color="green" onClick={() => onDecide('approve')} aria-label={`Approve ${title}`}>Approve…</Button>
          <Button size="xs" color="red" variant="light" onClick={() => onDecide('decline')} aria-label={`Decline ${title}`}>Decline…</Button>
        </Group>
      </Group>
      {item.duplicates.length > 0 && (
        <Stack gap={4} mt="sm">
          {item.duplicates.map((d) => (
            <Alert key={`${d.kind}-${d.other_sale_id}`} color="orange" p="xs" title={d.kind === 'invoice' ? 'Same invoice number claimed by another partner' : 'Same file attached to another sale'}>
              <Text size="sm">
                {d.kind === 'invoice' ? `Invoice “${d.key}”` : `File ${d.key.slice(0, 12)}…`} is on sale {d.other_sale_id.slice(0, 8)} of partner {d.other_partner_id.slice(0, 8)}.{' '}
                {d.other_line_id && <Anchor component="button" size="sm" c="blue.9" underline="always" onClick={() => onOpenLine(d.other_line_id as string)}>Open the other claim's line</Anchor>}
              </Text>
            </Alert>
          ))}
        </Stack>
      )}
      <Group mt="sm" align="flex-start">
        {item.attachments.length === 0 ? (
          <Badge color="gray" variant="light">No proof attached yet</Badge>
        ) : (
          item.attachments.map((a) => (
            <AttachmentPreview key={a.id} attachment={a} fetchFile={() => fetchAttachment(line.sale_id as string, a.id)} imageAlt="Proof of sale" pdfLabel="PDF proof" />
          ))
        )}
      </Group>
    </Paper>
  );
}

export function ReviewQueuePage() {
  const queryClient = useQueryClient();
  const [spiffId, setSpiffId] = useState<string | null>(null);
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [minAge, setMinAge] = useState<number | string>('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [deciding, setDeciding] = useState<{ ids: string[]; decision: Decision } | null>(null);
  const decidingShown = useDialogSubject(deciding);
  const [reason, setReason] = useState('');
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [line, setLine] = useState<string | null>(null);
  const query = {
    status: 'awaiting_review' as const, page, page_size: PAGE_SIZE,
    ...(spiffId && { spiff_id: spiffId }), ...(partnerId && { partner_id: partnerId }), ...(typeof minAge === 'number' && { min_age_days: minAge }),
  };
  const reviews = useApiQuery(['/api/commissions/reviews', query], () => api.GET('/api/commissions/reviews', { params: { query } }));
  const decide = useApiMutation(
    (body: Schemas['BulkReviewDto']) => api.POST('/api/commissions/review', { body }),
    {
      onSuccess: (result, body) => {
        setDeciding(null);
        setReason('');
        setSelected(new Set());
        setNotice({ color: 'green', text: `${result.items.length} line${result.items.length === 1 ? '' : 's'} ${body.decision === 'approve' ? 'approved: now pending' : 'declined: rejected, the partner sees why'}.` });
        void queryClient.invalidateQueries({ queryKey: ['/api/commissions/reviews'] });
        void queryClient.invalidateQueries({ queryKey: ['/api/commissions'] });
      },
      onError: (e) => setDialogError(errorMessage(e)),
    },
  );
  const confirm = () => {
    if (!deciding) return;
    if (deciding.decision === 'decline' && !reason.trim()) return setDialogError('Give the reason: the partner reads it on the line.');
    setDialogError(null);
    decide.mutate({ ids: deciding.ids, decision: deciding.decision, ...(reason.trim() && { reason: reason.trim() }) });
  };
  // Only lines on screen can be selected: another filter or page starts with none.
  const turnTo = (next: number) => {
    setPage(next);
    setSelected(new Set());
  };
  // A reason typed and cancelled is not sent with the next decision.
  const closeDecision = () => {
    setDeciding(null);
    setReason('');
    setDialogError(null);
  };
  const toggle = (id: string, on: boolean) => setSelected((s) => { const next = new Set(s); if (on) next.add(id); else next.delete(id); return next; });
  return (
    <Stack>
      <Title order={1}>Reviews</Title>
      <Group align="flex-end">
        <SpiffSelect label="Spiff" placeholder="Any spiff" value={spiffId} onChange={(v) => { setSpiffId(v); turnTo(1); }} w={240} />
        <PartnerPicker label="Partner" placeholder="Any partner" value={partnerId} onChange={(v) => { setPartnerId(v); turnTo(1); }} w={240} />
        <NumberInput label="Waiting at least (days)" min={0} max={3650} allowDecimal={false} value={minAge} onChange={(v) => { setMinAge(v); turnTo(1); }} w={180} />
        <Button disabled={selected.size === 0} color="green" onClick={() => setDeciding({ ids: [...selected], decision: 'approve' })}>Approve selected ({selected.size})</Button>
        <Button disabled={selected.size === 0} color="red" variant="light" onClick={() => setDeciding({ ids: [...selected], decision: 'decline' })}>Decline selected ({selected.size})</Button>
      </Group>
      <NoticeAlert notice={notice} onClose={() => setNotice(null)} />
      <QueryState
        query={reviews}
        loadingLabel="Loading the review queue…"
        isEmpty={(d) => d.total === 0}
        empty={<EmptyState title="Nothing awaits review">No sale's proof waits to be checked{spiffId || partnerId || minAge !== '' ? ' with these filters' : ''}.</EmptyState>}
      >
        {(data) => (
          <>
            {data.items.map((item) => (
              <ReviewCard
                key={item.line.id}
                item={item}
                selected={selected.has(item.line.id)}
                onSelect={(on) => toggle(item.line.id, on)}
                onDecide={(decision) => setDeciding({ ids: [item.line.id], decision })}
                onOpenLine={setLine}
              />
            ))}
            <Pager total={data.total} page={page} pageSize={PAGE_SIZE} onChange={turnTo} label="Pages of the review queue" />
          </>
        )}
      </QueryState>
      <Modal opened={deciding !== null} onClose={closeDecision} title={decidingShown?.decision === 'decline' ? 'Decline the proof' : 'Approve the proof'} centered>
        <Stack>
          <Text size="sm">
            {decidingShown?.decision === 'decline'
              ? `${decidingShown.ids.length} line(s) will be rejected: no commission. The partner reads your reason.`
              : `${decidingShown?.ids.length ?? 0} line(s) move on to pending, then approval and payment as usual.`}
          </Text>
          <Textarea label="Reason" withAsterisk={decidingShown?.decision === 'decline'} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={REVIEW_REASON_MAX_LENGTH} rows={3} />
          {dialogError && <Alert color="red" role="alert">{dialogError}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={closeDecision}>Cancel</Button>
            <Button loading={decide.isPending} color={decidingShown?.decision === 'decline' ? 'red' : 'green'} onClick={confirm}>{decidingShown?.decision === 'decline' ? 'Decline' : 'Approve'}</Button>
          </Group>
        </Stack>
      </Modal>
      <CommissionDrawer id={line} onClose={() => setLine(null)} />
    </Stack>
  );
}
