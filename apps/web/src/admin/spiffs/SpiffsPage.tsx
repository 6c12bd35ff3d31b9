/** Spiffs: the list with each one's assignment count; create, extend (end date, products, targets), cancel. */
import { Alert, Button, Checkbox, Group, Modal, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';
import { applyProblemToForm, errorMessage } from '../../api/problem';
import { useApiMutation, useApiQuery } from '../../api/query';
import { formatCount, formatMoney, formatPeriod, formatRate } from '../../format/format';
import { EmptyState, Pager, QueryState } from '../../ui/states';
import { useDialogSubject } from '../../ui/dialog-subject';
import { ConfirmDialog, NoticeAlert, SpiffStatusBadge, TIER_LABEL, TIER_OPTIONS } from '../common';
import type { Notice, Tier } from '../common';
import { PartnerMultiPicker, ProductMultiSelect } from '../pickers';
import { ReachPreview } from './ReachPreview';
import { SpiffForm, fundErrors } from './SpiffForm';
import { SpiffFundCard } from './SpiffFundCard';
import { useForm } from '@mantine/form';

type Spiff = Schemas['SpiffWithAssignmentsResponse'];
const PAGE_SIZE = 25;

export const incentiveText = (s: Pick<Spiff, 'incentive_type' | 'incentive_amount'>): string =>
  s.incentive_type === 'fixed' ? `${formatMoney(s.incentive_amount)} per unit` : `${formatRate(s.incentive_amount)} of revenue`;

export const targetText = (s: Pick<Spiff, 'assignment_type' | 'target_tiers' | 'target_partners'>): string =>
  s.assignment_type === 'tier'
    ? s.target_tiers.map((t) => TIER_LABEL[t]).join(', ')
    : `${formatCount(s.target_partners.length)} chosen partner${s.target_partners.length === 1 ? '' : 's'}`;

interface ExtendValues {
  end_date: string;
  target_products: string[];
  target_tiers: Tier[];
  target_partners: string[];
  budget_amount: number | string;
  per_partner_cap: number | string;
}

/** PATCH /api/spiffs/{id}: a later end date, products or targets added (never removed), a fund raised or lowered (never below what is committed). */
function ExtendSpiffForm({ spiff, onDone, onCancel }: { spiff: Spiff; onDone: (s: Schemas['SpiffResponse']) => void; onCancel: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<ExtendValues>({
    mode: 'controlled',
    initialValues: {
      end_date: spiff.end_date, target_products: spiff.target_products, target_tiers: spiff.target_tiers, target_partners: spiff.target_partners,
      budget_amount: spiff.budget_amount ?? '', per_partner_cap: spiff.per_partner_cap ?? '',
    },
    validate: (values) => {
      const errors: Record<string, string> = fundErrors(values.budget_amount, values.per_partner_cap);
      if (values.end_date < spiff.end_date) errors.end_date = `A spiff is extended, never shortened: ${spiff.end_date} or later`;
      if (!spiff.target_products.every((p) => values.target_products.includes(p))) errors.target_products = 'Products already in the spiff stay in it';
      if (!spiff.target_tiers.every((t) => values.target_tiers.includes(t))) errors.target_tiers = 'Tiers already targeted stay targeted';
      if (!spiff.target_partners.every((p) => values.target_partners.includes(p))) errors.target_partners = 'Partners already targeted stay targeted';
      return errors;
    },
  });
  const update = useApiMutation((body: Schemas['UpdateSpiffDto']) => api.PATCH('/api/spiffs/{id}', { params: { path: { id: spiff.id } }, body }));
  const v = form.values;
  const submit = form.onSubmit((values) => {
    setFormError(null);
    const body: Schemas['UpdateSpiffDto'] = {};
    if (values.end_date !== spiff.end_date) body.end_date = values.end_date;
    if (values.target_products.length !== spiff.target_products.length) body.target_products = values.target_products;
    if (spiff.assignment_type === 'tier' && values.target_tiers.length !== spiff.target_tiers.length) body.target_tiers = values.target_tiers;
    if (spiff.assignment_type === 'individual' && values.target_partners.length !== spiff.target_partners.length) body.target_partners = values.target_partners;
    if (values.budget_amount !== '' && Number(values.budget_amount) !== spiff.budget_amount) body.budget_amount = Number(values.budget_amount);
    if (values.per_partner_cap !== '' && Number(values.per_partner_cap) !== spiff.per_partner_cap) body.per_partner_cap = Number(values.per_partner_cap);
    if (Object.keys(body).length === 0) {
      setFormError('Nothing changed: choose a later end date, add products or targets, or change the fund.');
      return;
    }
    update.mutate(body, { onSuccess: onDone, onError: (error) => setFormError(applyProblemToForm(form, error)) });
  });
  return (
    <form onSubmit={submit} noValidate aria-label={`Extend ${spiff.name}`}>
      <Stack>
        <TextInput type="date" label="Last day" min={spiff.end_date} description={`Now ${spiff.end_date}; a later day extends every assignment the spiff made`} {...form.getInputProps('end_date')} />
        <ProductMultiSelect label="Products" description="Add products; the current ones stay" {...form.getInputProps('target_products')} />
        {spiff.assignment_type === 'tier' ? (
          <Checkbox.Group label="Tiers" description="Add tiers; their approved partners are assigned at once" {...form.getInputProps('target_tiers')}>
            <Group mt="xs">
              {TIER_OPTIONS.map((t) => (
                <Checkbox key={t.value} value={t.value} label={t.label} disabled={spiff.target_tiers.includes(t.value)} />
              ))}
            </Group>
          </Checkbox.Group>
        ) : (
          <PartnerMultiPicker label="Partners" description="Add partners; approved ones are assigned at once" {...form.getInputProps('target_partners')} />
        )}
        <Group grow align="flex-start">
          <NumberInput label="Fund" description="Raise it, or lower it down to what is committed" min={0} decimalScale={2} prefix="$" {...form.getInputProps('budget_amount')} />
          <NumberInput label="Per-partner cap" description="The most one partner earns from the fund" min={0} decimalScale={2} prefix="$" {...form.getInputProps('per_partner_cap')} />
        </Group>
        <ReachPreview
          current={spiff.assignment_count}
          targeting={spiff.assignment_type === 'tier' ? { assignment_type: 'tier', target_tiers: v.target_tiers } : { assignment_type: 'individual', target_partners: v.target_partners }}
        />
        {formError && <Alert color="red" role="alert" title="The spiff was not changed">{formError}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" loading={update.isPending}>Save changes</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SpiffsPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [extending, setExtending] = useState<Spiff | null>(null);
  const [cancelling, setCancelling] = useState<Spiff | null>(null);
  const extendingShown = useDialogSubject(extending);
  const cancellingShown = useDialogSubject(cancelling);
  const [notice, setNotice] = useState<Notice | null>(null);
  const spiffs = useApiQuery(['/api/spiffs', { page }], () => api.GET('/api/spiffs', { params: { query: { page, page_size: PAGE_SIZE } } }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['/api/spiffs'] });
  const cancel = useApiMutation((id: string) => api.POST('/api/spiffs/{id}/cancel', { params: { path: { id } } }), {
    onSuccess: (s) => {
      setCancelling(null);
      setNotice({ color: 'green', text: `${s.name} is cancelled (on ${s.cancelled_on}); its assignments are closed. Sales already booked keep their bonus.` });
      void refresh();
    },
    onError: (error) => {
      setCancelling(null);
      setNotice({ color: 'red', text: errorMessage(error) });
    },
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Spiffs</Title>
        <Button onClick={() => void navigate({ to: '/admin/spiffs/new' })}>Create a spiff</Button>
      </Group>
      <NoticeAlert notice={notice} onClose={() => setNotice(null)} />
      <QueryState
        query={spiffs}
        loadingLabel="Loading spiffs…"
        isEmpty={(d) => d.total === 0}
        empty={<EmptyState title="No spiffs yet">Create a spiff: every approved partner it targets gets the opportunity at once.</EmptyState>}
      >
        {(data) => (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table striped aria-label="Spiffs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Incentive</Table.Th>
                    <Table.Th>Period</Table.Th>
                    <Table.Th>Targets</Table.Th>
                    <Table.Th ta="right">Assigned partners</Table.Th>
                    <Table.Th ta="right">Fund</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>
                        <Text fw={500}>{s.name}</Text>
                        <Text size="xs" c="dimmed">{formatCount(s.target_products.length)} product{s.target_products.length === 1 ? '' : 's'}{s.milestones.length ? ` · ${s.milestones.length} milestone${s.milestones.length === 1 ? '' : 's'}` : ''}</Text>
                      </Table.Td>
                      <Table.Td>{incentiveText(s)}</Table.Td>
                      <Table.Td>{formatPeriod(s.start_date, s.end_date)}</Table.Td>
                      <Table.Td>{targetText(s)}</Table.Td>
                      <Table.Td ta="right">{formatCount(s.assignment_count)}</Table.Td>
                      <Table.Td ta="right">{s.budget_amount === null ? <Text size="xs" c="dimmed">none</Text> : formatMoney(s.budget_amount)}</Table.Td>
                      <Table.Td>
                        <SpiffStatusBadge status={s.status} />
                        {s.cancelled_on && <Text size="xs" c="dimmed">on {s.cancelled_on}</Text>}
                      </Table.Td>
                      <Table.Td>
                        {s.status === 'active' ? (
                          <Group gap="xs" wrap="nowrap">
                            <Button size="xs" variant="light" onClick={() => setExtending(s)} aria-label={`Extend ${s.name}`}>Extend</Button>
                            <Button size="xs" variant="subtle" color="red" onClick={() => setCancelling(s)} aria-label={`Cancel ${s.name}`}>Cancel</Button>
                          </Group>
                        ) : (
                          <Text size="xs" c="dimmed">No changes</Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager total={data.total} page={page} pageSize={PAGE_SIZE} onChange={setPage} label="Spiff pages" />
          </>
        )}
      </QueryState>
      <Modal opened={extending !== null} onClose={() => setExtending(null)} title={extendingShown ? `Extend ${extendingShown.name}` : ''} size="lg" centered>
        {extendingShown && <SpiffFundCard spiffId={extendingShown.id} />}
        {extendingShown && (
          <ExtendSpiffForm
            spiff={extendingShown}
            onCancel={() => setExtending(null)}
            onDone={(s) => {
              setExtending(null);
              setNotice({ color: 'green', text: `${s.name} now runs until ${s.end_date}${s.budget_amount === null ? '' : `, with a fund of ${formatMoney(s.budget_amount)}`}.` });
              void refresh();
            }}
          />
        )}
      </Modal>
      <ConfirmDialog
        opened={cancelling !== null}
        title={cancellingShown ? `Cancel ${cancellingShown.name}?` : ''}
        confirmLabel="Cancel spiff"
        loading={cancel.isPending}
        onClose={() => setCancelling(null)}
        onConfirm={() => cancelling && cancel.mutate(cancelling.id)}
      >
        {cancellingShown
          ? `Its ${formatCount(cancellingShown.assignment_count)} assignments close today. Sales already booked keep their bonus; sales dated after today earn none from it. A cancelled spiff cannot be changed again.`
          : ''}
      </ConfirmDialog>
    </Stack>
  );
}

export function SpiffCreatePage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <Stack maw={860}>
      <Title order={1}>Create a spiff</Title>
      <SpiffForm
        onCancel={() => void navigate({ to: '/admin/spiffs' })}
        onCreated={() => {
          void queryClient.invalidateQueries({ queryKey: ['/api/spiffs'] });
          void navigate({ to: '/admin/spiffs' });
        }}
      />
    </Stack>
  );
}
