/**
 * Server-searched pickers (never "load everything": 100k partners): a partner is found by a part of
 * its name or email (`GET /api/partners?q=`), 20 at a time. Products and spiffs come from their
 * paged lists.
 */
import { MultiSelect, Select } from '@mantine/core';
import type { MultiSelectProps, OptionsFilter, SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import type { Schemas } from '../api/client';
import { useApiQuery } from '../api/query';
import { TIER_LABEL, compact } from './common';
import type { PartnerStatus } from './common';

type Partner = Schemas['PartnerResponse'];

const partnerLabel = (p: Partner): string => `${p.name} · ${TIER_LABEL[p.tier]} · ${p.status}`;
/** The server searched already: show its answer as it is. */
const noClientFilter: OptionsFilter = ({ options }) => options;

function usePartnerSearch(search: string, status?: PartnerStatus) {
  const [q] = useDebouncedValue(search.trim(), 250);
  return useApiQuery(['/api/partners', 'picker', q, status], () =>
    api.GET('/api/partners', { params: { query: { page: 1, page_size: 20, ...compact({ q, status }) } } }),
  );
}

/** Remembers the label of every partner seen, so a chosen one keeps its name when the search moves on. */
function useLabels(items: Partner[] | undefined) {
  const [labels] = useState(() => new Map<string, string>());
  useEffect(() => {
    for (const p of items ?? []) labels.set(p.id, partnerLabel(p));
  }, [items, labels]);
  return labels;
}

export function PartnerPicker({
  value = null, onChange, status, ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value?: string | null; onChange: (id: string | null) => void; status?: PartnerStatus }) {
  const [search, setSearch] = useState('');
  const found = usePartnerSearch(search, status);
  const labels = useLabels(found.data?.items);
  const data = useMemo(() => {
    const items = (found.data?.items ?? []).map((p) => ({ value: p.id, label: partnerLabel(p) }));
    if (value && !items.some((i) => i.value === value)) items.unshift({ value, label: labels.get(value) ?? value });
    return items;
  }, [found.data, value, labels]);
  return (
    <Select
      searchable
      clearable
      placeholder="Type a name or email"
      nothingFoundMessage={found.isFetching ? 'Searching…' : 'No partner matches'}
      {...props}
      data={data}
      value={value}
      onChange={(id) => onChange(id)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={noClientFilter}
    />
  );
}

export function PartnerMultiPicker({
  value = [], onChange, ...props
}: Omit<MultiSelectProps, 'data' | 'value' | 'onChange'> & { value?: string[]; onChange: (ids: string[]) => void }) {
  const [search, setSearch] = useState('');
  const found = usePartnerSearch(search);
  const labels = useLabels(found.data?.items);
  const data = useMemo(() => {
    const items = (found.data?.items ?? []).map((p) => ({ value: p.id, label: partnerLabel(p) }));
    for (const id of value) if (!items.some((i) => i.value === id)) items.push({ value: id, label: labels.get(id) ?? id });
    return items;
  }, [found.data, value, labels]);
  return (
    <MultiSelect
      searchable
      clearable
      placeholder={value.length ? undefined : 'Type a name or email'}
      nothingFoundMessage={found.isFetching ? 'Searching…' : 'No partner matches'}
      {...props}
      data={data}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={noClientFilter}
    />
  );
}

/** The catalog's first 500 products (the catalog is small; the API pages it). */
export function useProducts() {
  return useApiQuery(['/api/products', 'all'], () => api.GET('/api/products', { params: { query: { page: 1, page_size: 500 } } }));
}

export function ProductMultiSelect({
  value = [], onChange, ...props
}: Omit<MultiSelectProps, 'data' | 'value' | 'onChange'> & { value?: string[]; onChange: (ids: string[]) => void }) {
  const products = useProducts();
  const data = (products.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.sku})` }));
  return (
    <MultiSelect
      searchable
      placeholder={value.length ? undefined : products.isPending ? 'Loading products…' : 'Choose products'}
      nothingFoundMessage="No product matches"
      {...props}
      data={data}
      value={value}
      onChange={onChange}
    />
  );
}

/** The newest 500 spiffs, for filters and manual assignments. */
export function useSpiffs() {
  return useApiQuery(['/api/spiffs', 'all'], () => api.GET('/api/spiffs', { params: { query: { page: 1, page_size: 500 } } }));
}

export function SpiffSelect({
  value = null, onChange, activeOnly, ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value?: string | null; onChange: (id: string | null) => void; activeOnly?: boolean }) {
  const spiffs = useSpiffs();
  const data = (spiffs.data?.items ?? [])
    .filter((s) => !activeOnly || s.status === 'active')
    .map((s) => ({ value: s.id, label: s.status === 'active' ? s.name : `${s.name} (cancelled)` }));
  return (
    <Select
      searchable
      clearable
      placeholder={spiffs.isPending ? 'Loading spiffs…' : 'Any spiff'}
      nothingFoundMessage="No spiff matches"
      {...props}
      data={data}
      value={value}
      onChange={(id) => onChange(id)}
    />
  );
}
