import { Alert, Button, Card, Divider, Grid, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { z } from 'zod';
import { isCalendarDate, isFutureEverywhere } from '@spiffworks/contracts';
import { api } from '../api/client';
import type { Schemas } from '../api/client';
import { applyProblemToForm } from '../api/problem';
import { useApiMutation, useApiQuery } from '../api/query';
import { useUser } from '../auth/session';
import { formatMoney, formatRate, todayLocal } from '../format/format';
import { EmptyState, QueryState } from '../ui/states';
import { saleTraceParts } from './commission-text';
import { previewSale, sellableProducts } from './sale-preview';

type Opportunity = Schemas['OpportunityResponse'];
type Sale = Schemas['SaleResponse'];

export const saleSchema = z.object({
  product_id: z.string().min(1, 'Choose a product'),
  quantity: z.preprocess(
    (v) => (v === '' || v === null ? undefined : typeof v === 'string' ? Number(v) : v),
    z.number({ error: 'Enter a quantity' }).int('Quantity must be a whole number').min(1, 'Quantity must be at least 1').max(100_000, 'Quantity must be at most 100,000'),
  ),
  unit_price: z
    .string()
    .trim()
    .min(1, 'Enter the unit price')
    .regex(/^\d{1,12}(\.\d{1,2})?$/, 'Enter a price like 1000 or 999.99 (at most 2 decimals)')
    .refine((v) => Number(v) > 0, 'Unit price must be more than 0'),
  sale_date: z
    .string()
    .min(1, 'Enter the sale date')
    .refine(isCalendarDate, 'Enter a date as YYYY-MM-DD')
    .refine((v) => !isFutureEverywhere(v), 'The sale date cannot be in the future'),
  invoice_number: z.string().trim().max(100, 'At most 100 characters'),
});

export interface SaleFormValues {
  product_id: string;
  quantity: number | string;
  unit_price: string;
  sale_date: string;
  invoice_number: string;
}

function Amount({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <Group justify="space-between">
      <Text fw={strong ? 700 : 400}>{label}</Text>
      <Text fw={strong ? 700 : 400} ff="monospace" data-testid={`amount-${label.toLowerCase().replace(/\W+/g, '-')}`}>
        {value}
      </Text>
    </Group>
  );
}

/** The log-a-sale form with its live preview; `opportunities` are the partner's. */
export function LogSaleForm({ opportunities, initialProductId }: { opportunities: Opportunity[]; initialProductId?: string }) {
  const user = useUser();
  const queryClient = useQueryClient();
  const products = useMemo(() => sellableProducts(opportunities), [opportunities]);
  const [formError, setFormError] = useState<string | null>(null);
  const [booked, setBooked] = useState<Sale | null>(null);
  const form = useForm<SaleFormValues>({
    mode: 'controlled',
    initialValues: {
      product_id: products.some((p) => p.id === initialProductId) ? (initialProductId ?? '') : products.length === 1 ? products[0].id : '',
      quantity: 1,
      unit_price: '',
      sale_date: todayLocal(),
      invoice_number: '',
    },
    validate: schemaResolver(saleSchema, { sync: true }),
    validateInputOnBlur: true,
  });
  const logSale = useApiMutation((body: Schemas['LogSaleDto']) =>
    api.POST('/api/fulfillment/sales', { body, params: { header: { 'Idempotency-Key': crypto.randomUUID() } } }),
  );

  // The very function the server books with (libs/commission-rules), on what the form holds now.
  const preview = previewSale(form.values, opportunities);
  const product = products.find((p) => p.id === form.values.product_id);

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    setBooked(null);
    const invoice = values.invoice_number.trim();
    try {
      const sale = await logSale.mutateAsync({
        partner_id: user.partner_id ?? '',
        product_id: values.product_id,
        quantity: Number(values.quantity),
        unit_price: Number(values.unit_price.trim()),
        sale_date: values.sale_date,
        ...(invoice ? { invoice_number: invoice } : {}),
      });
      setBooked(sale);
      void queryClient.invalidateQueries({ queryKey: ['/api/fulfillment/sales/my-sales'] });
      void queryClient.invalidateQueries({ queryKey: ['/api/commissions/my-commissions'] });
      void queryClient.invalidateQueries({ queryKey: ['/api/fulfillment/assignments/my-opportunities'] });
      void queryClient.invalidateQueries({ queryKey: ['/api/fulfillment/milestones/my-progress'] });
      form.setValues({ quantity: 1, unit_price: '', invoice_number: '' });
      form.resetDirty();
    } catch (error) {
      setFormError(applyProblemToForm(form, error, { codes: { INVOICE_ALREADY_USED: 'invoice_number', SALE_NOT_COVERED: 'product_id', PARTNER_NOT_APPROVED: 'product_id' } }));
    }
  });

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Card withBorder padding="lg">
          <form onSubmit={submit} noValidate aria-label="Log a sale">
            <Stack>
              <Select
                label="Product"
                placeholder="Choose a product"
                data={products.map((p) => ({ value: p.id, label: `${p.name} (${p.sku}) — ${formatRate(p.commission_rate)}` }))}
                searchable
                required
                allowDeselect={false}
                nothingFoundMessage="No such product in your opportunities"
                {...form.getInputProps('product_id')}
              />
              <Group grow align="flex-start">
                <NumberInput label="Quantity" min={1} max={100_000} allowDecimal={false} allowNegative={false} required {...form.getInputProps('quantity')} />
                <TextInput label="Unit price" description="Per unit, in USD" inputMode="decimal" required {...form.getInputProps('unit_price')} />
              </Group>
              <Group grow align="flex-start">
                <TextInput label="Sale date" type="date" required max={todayLocal()} {...form.getInputProps('sale_date')} />
                <TextInput label="Invoice number" description="Optional; each invoice counts once" {...form.getInputProps('invoice_number')} />
              </Group>
              {formError && (
                <Alert color="red" role="alert" title="The sale was not logged">
                  {formError}
                </Alert>
              )}
              <Group>
                <Button type="submit" loading={logSale.isPending}>
                  Log sale
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack>
          <Card withBorder padding="lg" component="section" aria-labelledby="preview-title" aria-live="polite">
            <Stack gap="xs">
              <Title order={2} size="h4" id="preview-title">
                Commission preview
              </Title>
              {preview && product ? (
                <>
                  <Amount label="Base commission" value={formatMoney(preview.base.toFixed(2))} />
                  <Amount label="Spiff bonus" value={formatMoney(preview.bonus.toFixed(2))} />
                  <Divider />
                  <Amount label="Total" value={formatMoney(preview.total.toFixed(2))} strong />
                  <Text size="sm" c="dimmed" data-testid="preview-trace">
                    {saleTraceParts(preview.trace, preview.base.toFixed(2)).join('; ')}
                  </Text>
                  {(preview.trace.spiffs ?? [])
                    .filter((s) => !s.applied && s.reason !== 'product is not in the spiff')
                    .map((s) => (
                      <Text size="sm" c="dimmed" key={s.spiff_id}>
                        {s.name}: no bonus — {s.reason}.
                      </Text>
                    ))}
                </>
              ) : (
                <Text c="dimmed" size="sm">
                  Choose a product and enter the quantity, unit price and sale date to see what this sale earns.
                </Text>
              )}
            </Stack>
          </Card>
          {booked && (
            <Alert color="green" title="Sale logged" role="status">
              <Stack gap={4}>
                <Text size="sm">
                  {booked.quantity} × {booked.product_name} on the books; the commission is {booked.commission_status}.
                </Text>
                <Table aria-label="Booked commission" withRowBorders={false}>
                  <Table.Tbody>
                    <Table.Tr>
                      <Table.Th scope="row">Base commission</Table.Th>
                      <Table.Td ta="right" data-testid="booked-base">{formatMoney(booked.commission_amount)}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th scope="row">Spiff bonus</Table.Th>
                      <Table.Td ta="right" data-testid="booked-bonus">{formatMoney(booked.spiff_bonus)}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th scope="row">Total</Table.Th>
                      <Table.Td ta="right" data-testid="booked-total">{formatMoney(booked.total_commission)}</Table.Td>
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
                <Group>
                  <Button component={Link} to="/partner/sales" size="xs" variant="light">
                    See my sales
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

export function LogSalePage() {
  const search = useSearch({ strict: false }) as { product_id?: string };
  const opportunities = useApiQuery(['/api/fulfillment/assignments/my-opportunities'], () => api.GET('/api/fulfillment/assignments/my-opportunities'));
  return (
    <Stack>
      <Title order={1}>Log a sale</Title>
      <QueryState
        query={opportunities}
        isEmpty={(data) => sellableProducts(data.opportunities).length === 0}
        empty={<EmptyState title="Nothing to sell yet">You can log sales of the products in your active opportunities; you have none right now.</EmptyState>}
      >
        {(data) => <LogSaleForm opportunities={data.opportunities} initialProductId={search.product_id} />}
      </QueryState>
    </Stack>
  );
}
