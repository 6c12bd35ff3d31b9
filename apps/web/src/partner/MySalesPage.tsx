import { Alert, Button, Group, Modal, NumberInput, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { api } from '../api/client';
import type { Schemas } from '../api/client';
import { applyProblemToForm } from '../api/problem';
import { useApiMutation, useApiQuery } from '../api/query';
import { formatCount, formatDate, formatMoney } from '../format/format';
import { EmptyState, Pager, QueryState } from '../ui/states';
import { useDialogSubject } from '../ui/dialog-subject';
import { AddProofDialog } from './AddProofDialog';
import { CommissionStatusBadge } from '../ui/commission-status';

type Sale = Schemas['SaleResponse'];
const PAGE_SIZE = 20;


function ReturnForm({ sale, onDone }: { sale: Sale; onDone: () => void }) {
  const queryClient = useQueryClient();
  const remaining = sale.quantity - sale.returned_quantity;
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { quantity: remaining as number | string, reason: '' },
    validate: schemaResolver(
      z.object({
        quantity: z.preprocess(
          (v) => (v === '' ? undefined : Number(v)),
          z.number({ error: 'Enter how many units come back' }).int('A whole number of units').min(1, 'At least 1 unit').max(remaining, `At most ${remaining} (not yet returned)`),
        ),
        reason: z.string().trim().min(1, 'Say why the units come back').max(2000, 'At most 2,000 characters'),
      }),
      { sync: true },
    ),
  });
  const returnSale = useApiMutation((body: Schemas['ReturnSaleDto']) =>
    api.POST('/api/fulfillment/sales/{id}/returns', { params: { path: { id: sale.id }, header: { 'Idempotency-Key': crypto.randomUUID() } }, body }),
  );
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await returnSale.mutateAsync({ quantity: Number(values.quantity), reason: values.reason.trim() });
      void queryClient.invalidateQueries({ queryKey: ['/api/fulfillment/sales/my-sales'] });
      void queryClient.invalidateQueries({ queryKey: ['/api/commissions/my-commissions'] });
      onDone();
    } catch (error) {
      setFormError(applyProblemToForm(form, error, { codes: { RETURN_EXCEEDS_SOLD: 'quantity' } }));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          {sale.product_name}, sold {formatDate(sale.sale_date)}: {formatCount(sale.quantity)} units, {formatCount(sale.returned_quantity)} returned so far. The
          commission on returned units is taken back.
        </Text>
        <NumberInput label="Units returned" min={1} max={remaining} allowDecimal={false} allowNegative={false} required {...form.getInputProps('quantity')} />
        <Textarea label="Reason" required autosize minRows={2} {...form.getInputProps('reason')} />
        {formError && (
          <Alert color="red" role="alert" title="The return was not recorded">
            {formError}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={returnSale.isPending}>
            Record return
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function MySalesPage() {
  const [page, setPage] = useState(1);
  const [returning, setReturning] = useState<Sale | null>(null);
  const returningShown = useDialogSubject(returning);
  const [proving, setProving] = useState<Sale | null>(null);
  const [invoiceFilter, setInvoiceFilter] = useState('');
  const sales = useApiQuery(['/api/fulfillment/sales/my-sales', page], () => api.GET('/api/fulfillment/sales/my-sales', { params: { query: { page, page_size: PAGE_SIZE } } }));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>My sales</Title>
        <Button component={Link} to="/partner/sales/new">
          Log a sale
        </Button>
      </Group>
      <QueryState
        query={sales}
        loadingLabel="Loading your sales…"
        isEmpty={(data) => data.total === 0}
        empty={<EmptyState title="No sales yet">Log your first sale to see it here with its commission.</EmptyState>}
      >
        {(data) => {
          const shown = data.items.filter((s) => !invoiceFilter.trim() || (s.invoice_number ?? '').toLowerCase().includes(invoiceFilter.trim().toLowerCase()));
          return (
            <>
              <TextInput label="Find an invoice on this page" value={invoiceFilter} onChange={(e) => setInvoiceFilter(e.currentTarget.value)} maw={320} />
              {shown.length === 0 ? (
                <EmptyState title="No sale on this page has that invoice">
                  No invoice number on this page contains “{invoiceFilter.trim()}”. Clear the search or go to another page.
                </EmptyState>
              ) : (
                <Table.ScrollContainer minWidth={900}>
                  <Table striped highlightOnHover aria-label="My sales">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Sale date</Table.Th>
                        <Table.Th>Product</Table.Th>
                        <Table.Th>Invoice</Table.Th>
                        <Table.Th ta="right">Quantity</Table.Th>
                        <Table.Th ta="right">Revenue</Table.Th>
                        <Table.Th ta="right">Commission</Table.Th>
                        <Table.Th ta="right">Spiff bonus</Table.Th>
                        <Table.Th ta="right">Total</Table.Th>
                        <Table.Th>Status</Table.Th>
                        <Table.Th>Actions</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {shown.map((sale) => {
                        const remaining = sale.quantity - sale.returned_quantity;
                        return (
                          <Table.Tr key={sale.id}>
                            <Table.Td>{formatDate(sale.sale_date)}</Table.Td>
                            <Table.Td>{sale.product_name}</Table.Td>
                            <Table.Td>{sale.invoice_number ?? '—'}</Table.Td>
                            <Table.Td ta="right">
                              {formatCount(sale.quantity)}
                              {sale.returned_quantity > 0 && (
                                <Text span size="xs" c="dimmed">
                                  {' '}
                                  ({formatCount(sale.returned_quantity)} returned)
                                </Text>
                              )}
                            </Table.Td>
                            <Table.Td ta="right">{formatMoney(sale.revenue)}</Table.Td>
                            <Table.Td ta="right">{formatMoney(sale.commission_amount)}</Table.Td>
                            <Table.Td ta="right">{formatMoney(sale.spiff_bonus)}</Table.Td>
                            <Table.Td ta="right">{formatMoney(sale.total_commission)}</Table.Td>
                            <Table.Td>
                              <CommissionStatusBadge status={sale.commission_status} />
                            </Table.Td>
                            <Table.Td>
                              <Group gap="xs" wrap="nowrap">
                              {sale.commission_status === 'awaiting_review' && (
                                <Button size="xs" variant="light" onClick={() => setProving(sale)} aria-label={`Add proof for the ${sale.product_name} sale of ${formatDate(sale.sale_date)}`}>
                                  Add proof
                                </Button>
                              )}
                              {remaining > 0 ? (
                                <Button size="xs" variant="subtle" color="red" onClick={() => setReturning(sale)} aria-label={`Return units of the ${sale.product_name} sale of ${formatDate(sale.sale_date)}`}>
                                  Return…
                                </Button>
                              ) : (
                                <Text size="xs" c="dimmed">
                                  All returned
                                </Text>
                              )}
                              </Group>
                            </Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
              <Pager total={data.total} page={data.page} pageSize={data.page_size} onChange={setPage} label="Pages of my sales" />
            </>
          );
        }}
      </QueryState>
      <Modal opened={returning !== null} onClose={() => setReturning(null)} title="Return units of a sale">
        {returningShown && <ReturnForm key={returningShown.id} sale={returningShown} onDone={() => setReturning(null)} />}
      </Modal>
      <AddProofDialog sale={proving} onClose={() => setProving(null)} />
    </Stack>
  );
}
