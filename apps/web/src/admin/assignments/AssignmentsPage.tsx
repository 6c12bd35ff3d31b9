/** Assignments: filter by partner and spiff (paged), and assign a partner by hand (the seed's Step 2). */
import { Alert, Badge, Button, Group, Modal, NumberInput, Progress, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';
import { applyProblemToForm } from '../../api/problem';
import { useApiMutation, useApiQuery } from '../../api/query';
import { formatCount, formatMoney, formatPeriod, parseCalendarDate } from '../../format/format';
import { EmptyState, Pager, QueryState } from '../../ui/states';
import { NoticeAlert, compact, useIdempotencyKey } from '../common';
import { MilestonesField, milestoneErrors, toMilestoneDto } from '../MilestonesField';
import type { MilestoneValues } from '../MilestonesField';
import { PartnerPicker, ProductMultiSelect, SpiffSelect, useSpiffs } from '../pickers';

const PAGE_SIZE = 25;

interface Values {
  partner_id: string | null;
  spiff_id: string | null;
  product_ids: string[];
  assignment_type: 'spiff' | 'product' | 'target';
  start_date: string;
  end_date: string;
  target_quantity: number | string;
  milestones: MilestoneValues[];
}

function AssignmentForm({ onCreated, onCancel }: { onCreated: (a: Schemas['AssignmentResponse']) => void; onCancel: () => void }) {
  const [key, renewKey] = useIdempotencyKey();
  const [formError, setFormError] = useState<string | null>(null);
  const spiffs = useSpiffs();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { partner_id: null, spiff_id: null, product_ids: [], assignment_type: 'spiff', start_date: '', end_date: '', target_quantity: '', milestones: [] },
    validate: (v) => {
      const errors: Record<string, string> = {};
      if (!v.partner_id) errors.partner_id = 'Choose an approved partner';
      if (v.assignment_type === 'spiff' && !v.spiff_id) errors.spiff_id = 'Choose the spiff this assignment earns';
      if (v.product_ids.length === 0) errors.product_ids = 'Choose at least one product';
      if (!parseCalendarDate(v.start_date)) errors.start_date = 'Choose the first day';
      if (!parseCalendarDate(v.end_date)) errors.end_date = 'Choose the last day';
      else if (v.end_date < v.start_date) errors.end_date = 'The last day cannot be before the first';
      if (v.target_quantity !== '' && !(Number.isInteger(Number(v.target_quantity)) && Number(v.target_quantity) >= 1)) errors.target_quantity = 'A whole number of units, at least 1';
      v.milestones.forEach((m, i) => Object.entries(milestoneErrors(m)).forEach(([f, msg]) => (errors[`milestones.${i}.${f}`] = msg)));
      return errors;
    },
  });
  const create = useApiMutation((body: Schemas['CreateAssignmentDto']) => api.POST('/api/fulfillment/assignments', { body, params: { header: { 'Idempotency-Key': key } } }));

  /** Choosing a spiff fills its period and products, as the seed's Step 2 does. */
  const pickSpiff = (id: string | null) => {
    form.setFieldValue('spiff_id', id);
    const spiff = spiffs.data?.items.find((s) => s.id === id);
    if (spiff) form.setValues({ start_date: spiff.start_date, end_date: spiff.end_date, product_ids: spiff.target_products });
  };

  const submit = form.onSubmit((v) => {
    setFormError(null);
    create.mutate(
      {
        partner_id: v.partner_id as string,
        ...(v.spiff_id && { spiff_id: v.spiff_id }),
        product_ids: v.product_ids,
        assignment_type: v.assignment_type,
        start_date: v.start_date,
        end_date: v.end_date,
        ...(v.target_quantity !== '' && { target_quantity: Number(v.target_quantity) }),
        ...(v.milestones.length && { milestones: v.milestones.map(toMilestoneDto) }),
      },
      {
        onSuccess: (a) => {
          renewKey();
          onCreated(a);
        },
        onError: (error) => setFormError(applyProblemToForm(form, error, { codes: { ASSIGNMENT_EXISTS: 'partner_id', PARTNER_NOT_APPROVED: 'partner_id' } })),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Assign a partner">
      <Stack>
        <PartnerPicker label="Partner" withAsterisk status="approved" description="Only approved partners can be assigned" {...form.getInputProps('partner_id')} />
        <Select
          label="Kind"
          data={[{ value: 'spiff', label: 'Spiff: earns a spiff’s bonus' }, { value: 'product', label: 'Product: base commission only' }, { value: 'target', label: 'Target: a units goal' }]}
          allowDeselect={false}
          {...form.getInputProps('assignment_type')}
        />
        <SpiffSelect label="Spiff" activeOnly withAsterisk={form.values.assignment_type === 'spiff'} placeholder="No spiff" {...form.getInputProps('spiff_id')} onChange={pickSpiff} />
        <ProductMultiSelect label="Products" withAsterisk {...form.getInputProps('product_ids')} />
        <Group grow align="flex-start">
          <TextInput type="date" label="First day" withAsterisk {...form.getInputProps('start_date')} />
          <TextInput type="date" label="Last day" withAsterisk {...form.getInputProps('end_date')} />
        </Group>
        <NumberInput label="Target units (optional)" min={1} allowDecimal={false} {...form.getInputProps('target_quantity')} />
        <MilestonesField form={form} />
        {formError && <Alert color="red" role="alert" title="The partner was not assigned">{formError}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" loading={create.isPending}>Assign partner</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function AssignmentsPage() {
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [spiffId, setSpiffId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const spiffs = useSpiffs();
  const spiffName = (id: string | null) => (id ? spiffs.data?.items.find((s) => s.id === id)?.name ?? 'A spiff' : '—');
  const assignments = useApiQuery(['/api/fulfillment/assignments', { page, partnerId, spiffId }], () =>
    api.GET('/api/fulfillment/assignments', { params: { query: { page, page_size: PAGE_SIZE, ...compact({ partner_id: partnerId ?? undefined, spiff_id: spiffId ?? undefined }) } } }),
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Assignments</Title>
        <Button onClick={() => setCreating(true)}>Assign a partner</Button>
      </Group>
      <Text size="sm" c="dimmed">Spiffs assign their partners on their own; assign one by hand for a special case.</Text>
      <Group align="flex-end">
        <PartnerPicker label="Partner" value={partnerId} onChange={(v) => { setPartnerId(v); setPage(1); }} w={280} />
        <SpiffSelect label="Spiff" value={spiffId} onChange={(v) => { setSpiffId(v); setPage(1); }} w={260} />
      </Group>
      <NoticeAlert notice={notice ? { color: 'green', text: notice } : null} onClose={() => setNotice(null)} />
      <QueryState
        query={assignments}
        loadingLabel="Loading assignments…"
        isEmpty={(d) => d.total === 0}
        empty={<EmptyState title={partnerId || spiffId ? 'No assignment matches these filters' : 'No assignments yet'}>A spiff assigns every approved partner it targets.</EmptyState>}
      >
        {(data) => (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table striped aria-label="Assignments">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Partner</Table.Th>
                    <Table.Th>Spiff</Table.Th>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Period</Table.Th>
                    <Table.Th ta="right">Units</Table.Th>
                    <Table.Th ta="right">Revenue</Table.Th>
                    <Table.Th>Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>{a.partner_name ?? a.partner_id}</Table.Td>
                      <Table.Td>{spiffName(a.spiff_id)}</Table.Td>
                      <Table.Td>{a.assignment_type}</Table.Td>
                      <Table.Td>{formatPeriod(a.start_date, a.end_date)}</Table.Td>
                      <Table.Td ta="right">
                        {formatCount(a.actual_quantity)}{a.target_quantity ? ` of ${formatCount(a.target_quantity)}` : ''}
                        {a.target_quantity ? <Progress value={Math.min(100, (a.actual_quantity / a.target_quantity) * 100)} size="xs" mt={4} aria-label={`${a.actual_quantity} of ${a.target_quantity} units`} /> : null}
                      </Table.Td>
                      <Table.Td ta="right">{formatMoney(a.actual_revenue)}</Table.Td>
                      <Table.Td><Badge variant="light" color={a.status === 'active' ? 'green' : 'gray'}>{a.status}</Badge></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager total={data.total} page={page} pageSize={PAGE_SIZE} onChange={setPage} label="Assignment pages" />
          </>
        )}
      </QueryState>
      <Modal opened={creating} onClose={() => setCreating(false)} title="Assign a partner" size="lg" centered>
        <AssignmentForm
          onCancel={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            setNotice('The partner is assigned: it sees the opportunity in its portal now.');
            void queryClient.invalidateQueries({ queryKey: ['/api/fulfillment/assignments'] });
          }}
        />
      </Modal>
    </Stack>
  );
}
