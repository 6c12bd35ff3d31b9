/** The product catalog with its commission rates: a default and one per tier. */
import { Alert, Button, Fieldset, Group, Modal, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';
import { applyProblemToForm } from '../../api/problem';
import { useApiMutation, useApiQuery } from '../../api/query';
import { formatRate } from '../../format/format';
import { EmptyState, Pager, QueryState } from '../../ui/states';
import { NoticeAlert, TIERS, TIER_LABEL, useIdempotencyKey } from '../common';
import type { Tier } from '../common';

const PAGE_SIZE = 25;

interface Values {
  name: string;
  sku: string;
  commission_rate: number | string;
  commission_rates: Record<Tier, number | string>;
}

const percent = (v: number | string): string | null => (v === '' ? null : Number(v) < 0 || Number(v) > 100 ? 'A percent from 0 to 100' : null);

export function ProductCreateForm({ onCreated, onCancel }: { onCreated: (p: Schemas['ProductResponse']) => void; onCancel?: () => void }) {
  const [key, renewKey] = useIdempotencyKey();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'uncontrolled',
    initialValues: { name: '', sku: '', commission_rate: '', commission_rates: { bronze: '', silver: '', gold: '', platinum: '' } },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the product’s name'),
      sku: (v) => (/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v) ? null : '1–64 letters, digits, dots, dashes or underscores'),
      commission_rate: (v) => (v === '' ? 'Enter the default rate' : percent(v)),
      commission_rates: { bronze: percent, silver: percent, gold: percent, platinum: percent },
    },
  });
  const create = useApiMutation((body: Schemas['CreateProductDto']) => api.POST('/api/products', { body, params: { header: { 'Idempotency-Key': key } } }));

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const rates = Object.fromEntries(TIERS.filter((t) => values.commission_rates[t] !== '').map((t) => [t, Number(values.commission_rates[t])]));
    create.mutate(
      { name: values.name.trim(), sku: values.sku, commission_rate: Number(values.commission_rate), ...(Object.keys(rates).length && { commission_rates: rates }) },
      {
        onSuccess: (p) => {
          renewKey();
          form.reset();
          onCreated(p);
        },
        onError: (error) => setFormError(applyProblemToForm(form, error, { codes: { PRODUCT_SKU_TAKEN: 'sku' } })),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Add a product">
      <Stack>
        <TextInput label="Name" withAsterisk {...form.getInputProps('name')} key={form.key('name')} />
        <TextInput label="SKU" withAsterisk description="Unique; letters, digits, dots, dashes or underscores" {...form.getInputProps('sku')} key={form.key('sku')} />
        <NumberInput label="Default commission rate" description="Percent of revenue, for tiers without their own rate" withAsterisk min={0} max={100} decimalScale={4} suffix=" %" {...form.getInputProps('commission_rate')} key={form.key('commission_rate')} />
        <Fieldset legend="Rate per tier (optional)">
          <SimpleGrid cols={2}>
            {TIERS.map((t) => (
              <NumberInput key={form.key(`commission_rates.${t}`)} label={`${TIER_LABEL[t]} rate`} min={0} max={100} decimalScale={4} suffix=" %" placeholder="Default" {...form.getInputProps(`commission_rates.${t}`)} />
            ))}
          </SimpleGrid>
        </Fieldset>
        {formError && <Alert color="red" role="alert" title="The product was not added">{formError}</Alert>}
        <Group justify="flex-end">
          {onCancel && <Button variant="default" onClick={onCancel}>Cancel</Button>}
          <Button type="submit" loading={create.isPending}>Add product</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ProductsPage() {
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const products = useApiQuery(['/api/products', { page }], () => api.GET('/api/products', { params: { query: { page, page_size: PAGE_SIZE } } }));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Products</Title>
        <Button onClick={() => setCreating(true)}>Add a product</Button>
      </Group>
      <NoticeAlert notice={notice ? { color: 'green', text: notice } : null} onClose={() => setNotice(null)} />
      <QueryState
        query={products}
        loadingLabel="Loading products…"
        isEmpty={(d) => d.total === 0}
        empty={<EmptyState title="No products yet">Add a product with its commission rates; spiffs then pay a bonus on it.</EmptyState>}
      >
        {(data) => (
          <>
            <Table.ScrollContainer minWidth={720}>
              <Table striped aria-label="Products">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>SKU</Table.Th>
                    <Table.Th ta="right">Default rate</Table.Th>
                    {TIERS.map((t) => <Table.Th key={t} ta="right">{TIER_LABEL[t]}</Table.Th>)}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td><Text fw={500}>{p.name}</Text></Table.Td>
                      <Table.Td><Text ff="monospace" size="sm">{p.sku}</Text></Table.Td>
                      <Table.Td ta="right">{formatRate(p.commission_rate)}</Table.Td>
                      {TIERS.map((t) => {
                        const own = p.commission_rates[t];
                        return (
                          <Table.Td key={t} ta="right">
                            {own === undefined ? <Text span c="dimmed" size="sm" title="The default rate">{formatRate(p.commission_rate)}</Text> : formatRate(own)}
                          </Table.Td>
                        );
                      })}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="xs" c="dimmed">Grey rates are the default rate, for tiers without their own.</Text>
            <Pager total={data.total} page={page} pageSize={PAGE_SIZE} onChange={setPage} label="Product pages" />
          </>
        )}
      </QueryState>
      <Modal opened={creating} onClose={() => setCreating(false)} title="Add a product" centered size="lg">
        <ProductCreateForm
          onCancel={() => setCreating(false)}
          onCreated={(p) => {
            setCreating(false);
            setNotice(`${p.name} (${p.sku}) is in the catalog.`);
            void queryClient.invalidateQueries({ queryKey: ['/api/products'] });
          }}
        />
      </Modal>
    </Stack>
  );
}
