/**
 * A searchable choice of one partner, product or spiff, from `GET /api/analytics/dimensions`
 * (searched on the server as the user types: lists are never loaded whole).
 */
import { Select } from '@mantine/core';
import { useMemo, useState } from 'react';
import { formatPeriod } from '../format/format';
import { useDimension } from './api';
import type { Dimension, DimensionItem } from './api';

export interface Choice {
  value: string;
  label: string;
}

export function choiceOf(item: DimensionItem): Choice {
  if (item.start_date && item.end_date) return { value: item.id, label: `${item.name} (${formatPeriod(item.start_date, item.end_date)})` };
  if (item.tier) return { value: item.id, label: `${item.name} (${item.tier})` };
  return { value: item.id, label: item.name };
}

export function DimensionSelect({
  kind,
  label,
  value,
  onChange,
  disabled,
  description,
  placeholder = 'All',
}: {
  kind: Dimension;
  label: string;
  value: Choice | null;
  onChange: (choice: Choice | null) => void;
  disabled?: boolean;
  description?: string;
  placeholder?: string;
}) {
  const [search, setSearch] = useState('');
  // While a choice is shown, its label is the search text: look up everything instead.
  const typed = value && search === value.label ? '' : search;
  const choices = useDimension(kind, typed);
  const data = useMemo(() => {
    const found = (choices.data?.items ?? []).map(choiceOf);
    return value && !found.some((c) => c.value === value.value) ? [value, ...found] : found;
  }, [choices.data, value]);
  return (
    <Select
      label={label}
      description={description}
      placeholder={placeholder}
      searchable
      clearable
      disabled={disabled}
      data={data}
      value={value?.value ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={choices.isFetching ? 'Searching…' : choices.isError ? 'Could not load the choices' : 'Nothing found'}
      onChange={(id) => onChange(data.find((c) => c.value === id) ?? null)}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
