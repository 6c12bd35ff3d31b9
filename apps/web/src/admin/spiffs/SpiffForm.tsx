/**
 * Create a spiff: products, targeting (tiers or individual partners), incentive (fixed per unit or a
 * percentage of revenue), period (calendar dates, inclusive), milestones. Before saving, the form
 * shows whom it reaches; the API's field errors land at the fields they name.
 */
import { Alert, Button, Checkbox, Fieldset, Group, Input, NumberInput, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';
import { applyProblemToForm } from '../../api/problem';
import { useApiMutation } from '../../api/query';
import { parseCalendarDate } from '../../format/format';
import { MilestonesField, milestoneErrors, toMilestoneDto } from '../MilestonesField';
import type { MilestoneValues } from '../MilestonesField';
import { PartnerMultiPicker, ProductMultiSelect } from '../pickers';
import { TIER_OPTIONS, useIdempotencyKey } from '../common';
import type { Tier } from '../common';
import { ReachPreview } from './ReachPreview';

export interface SpiffFormValues {
  name: string;
  description: string;
  target_products: string[];
  assignment_type: 'tier' | 'individual';
  target_tiers: Tier[];
  target_partners: string[];
  incentive_type: 'fixed' | 'percentage';
  incentive_amount: number | string;
  start_date: string;
  end_date: string;
  milestones: MilestoneValues[];
  /** Optional fund and per-partner cap ('' = none). */
  budget_amount: number | string;
  per_partner_cap: number | string;
}

const twoDecimals = (v: number | string): boolean => /^\d+(\.\d{1,2})?$/.test(String(v));

/** The form's own checks (the API checks again; its messages land on the same fields). */
export function validateSpiff(values: SpiffFormValues): Partial<Record<string, string>> {
  const errors: Record<string, string> = {};
  if (!values.name.trim()) errors.name = 'Name the spiff';
  if (values.target_products.length === 0) errors.target_products = 'Choose at least one product';
  if (values.assignment_type === 'tier' && values.target_tiers.length === 0) errors.target_tiers = 'Choose at least one tier';
  if (values.assignment_type === 'individual' && values.target_partners.length === 0) errors.target_partners = 'Choose at least one partner';
  const amount = Number(values.incentive_amount);
  if (values.incentive_amount === '' || !(amount > 0)) errors.incentive_amount = 'Enter an amount above 0';
  else if (!twoDecimals(values.incentive_amount)) errors.incentive_amount = 'At most 2 decimals';
  else if (values.incentive_type === 'percentage' && amount > 100) errors.incentive_amount = 'A percentage is at most 100';
  else if (amount > 1_000_000) errors.incentive_amount = 'At most 1,000,000 per unit';
  if (!parseCalendarDate(values.start_date)) errors.start_date = 'Choose the first day';
  if (!parseCalendarDate(values.end_date)) errors.end_date = 'Choose the last day';
  else if (parseCalendarDate(values.start_date) && values.end_date < values.start_date) errors.end_date = 'The last day cannot be before the first';
  Object.assign(errors, fundErrors(values.budget_amount, values.per_partner_cap));
  values.milestones.forEach((m, i) => {
    for (const [field, message] of Object.entries(milestoneErrors(m))) errors[`milestones.${i}.${field}`] = message;
  });
  if (new Set(values.milestones.map((m) => m.name.trim())).size !== values.milestones.length) errors.milestones = 'Milestone names must differ';
  return errors;
}

/** The fund's checks, shared with the fund editor: positive amounts to the cent, the cap not above the fund. */
export function fundErrors(budget: number | string, cap: number | string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (budget !== '' && !(Number(budget) > 0)) errors.budget_amount = 'Enter a fund above 0, or leave it empty';
  else if (budget !== '' && !twoDecimals(budget)) errors.budget_amount = 'At most 2 decimals';
  if (cap !== '' && budget === '') errors.per_partner_cap = 'A cap needs a fund';
  else if (cap !== '' && !(Number(cap) > 0)) errors.per_partner_cap = 'Enter a cap above 0, or leave it empty';
  else if (cap !== '' && !twoDecimals(cap)) errors.per_partner_cap = 'At most 2 decimals';
  else if (cap !== '' && Number(cap) > Number(budget)) errors.per_partner_cap = 'The cap cannot be above the fund';
  return errors;
}

export function toCreateSpiffDto(values: SpiffFormValues): Schemas['CreateSpiffDto'] {
  return {
    name: values.name.trim(),
    ...(values.description.trim() && { description: values.description.trim() }),
    target_products: values.target_products,
    assignment_type: values.assignment_type,
    ...(values.assignment_type === 'tier' ? { target_tiers: values.target_tiers } : { target_partners: values.target_partners }),
    incentive_type: values.incentive_type,
    incentive_amount: Number(values.incentive_amount),
    start_date: values.start_date,
    end_date: values.end_date,
    ...(values.milestones.length && { milestones: values.milestones.map(toMilestoneDto) }),
    ...(values.budget_amount !== '' && { budget_amount: Number(values.budget_amount) }),
    ...(values.per_partner_cap !== '' && { per_partner_cap: Number(values.per_partner_cap) }),
  };
}

export const emptySpiff = (): SpiffFormValues => ({
  name: '', description: '', target_products: [], assignment_type: 'tier', target_tiers: [], target_partners: [],
  incentive_type: 'fixed', incentive_amount: '', start_date: '', end_date: '', milestones: [], budget_amount: '', per_partner_cap: '',
});

export function SpiffForm({ onCreated, onCancel, initialValues }: {
  onCreated: (spiff: Schemas['SpiffResponse']) => void;
  onCancel?: () => void;
  initialValues?: Partial<SpiffFormValues>;
}) {
  const [key, renewKey] = useIdempotencyKey();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<SpiffFormValues>({
    mode: 'controlled',
    initialValues: { ...emptySpiff(), ...initialValues },
    validate: validateSpiff,
  });
  const create = useApiMutation((body: Schemas['CreateSpiffDto']) => api.POST('/api/spiffs', { body, params: { header: { 'Idempotency-Key': key } } }));
  const values = form.values;

  const submit = form.onSubmit((v) => {
    setFormError(null);
    create.mutate(toCreateSpiffDto(v), {
      onSuccess: (spiff) => {
        renewKey();
        onCreated(spiff);
      },
      onError: (error) => setFormError(applyProblemToForm(form, error)),
    });
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Create a spiff">
      <Stack>
        <TextInput label="Name" withAsterisk placeholder="Q4 Laptop Promotion" {...form.getInputProps('name')} />
        <Textarea label="Description (optional)" rows={2} {...form.getInputProps('description')} />
        <ProductMultiSelect label="Products" withAsterisk description="The spiff pays its bonus on sales of these" {...form.getInputProps('target_products')} />

        <Fieldset legend="Who takes part">
          <Stack>
            <Input.Wrapper label="Targeting" labelElement="div" id="spiff-targeting-label">
            <SegmentedControl
              aria-labelledby="spiff-targeting-label-label"
              data={[{ value: 'tier', label: 'Partners of tiers' }, { value: 'individual', label: 'Chosen partners' }]}
              {...form.getInputProps('assignment_type')}
            />
            </Input.Wrapper>
            {values.assignment_type === 'tier' ? (
              <Checkbox.Group label="Tiers" withAsterisk description="Every approved partner of these tiers is assigned at once" {...form.getInputProps('target_tiers')}>
                <Group mt="xs">
                  {TIER_OPTIONS.map((t) => <Checkbox key={t.value} value={t.value} label={t.label} />)}
                </Group>
              </Checkbox.Group>
            ) : (
              <PartnerMultiPicker label="Partners" withAsterisk description="Search by name or email; approved ones are assigned at once" {...form.getInputProps('target_partners')} />
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend="Incentive">
          <Stack>
            <Input.Wrapper label="Incentive type" labelElement="div" id="spiff-incentive-label">
            <SegmentedControl
              aria-labelledby="spiff-incentive-label-label"
              data={[{ value: 'fixed', label: 'Fixed amount per unit' }, { value: 'percentage', label: 'Percentage of revenue' }]}
              {...form.getInputProps('incentive_type')}
            />
            </Input.Wrapper>
            <NumberInput
              label={values.incentive_type === 'fixed' ? 'Amount per unit sold' : 'Percent of revenue'}
              withAsterisk
              min={0}
              decimalScale={2}
              {...(values.incentive_type === 'fixed' ? { prefix: '$' } : { suffix: ' %' })}
              {...form.getInputProps('incentive_amount')}
            />
          </Stack>
        </Fieldset>

        <Fieldset legend="Fund (optional)">
          <Group grow align="flex-start">
            <NumberInput label="Budget" description="Bonuses are paid while it lasts, never a cent over" min={0} decimalScale={2} prefix="$" {...form.getInputProps('budget_amount')} />
            <NumberInput label="Per-partner cap" description="The most one partner earns from the fund" min={0} decimalScale={2} prefix="$" {...form.getInputProps('per_partner_cap')} />
          </Group>
        </Fieldset>

        <Fieldset legend="Period (inclusive)">
          <Group grow align="flex-start">
            <TextInput type="date" label="First day" withAsterisk {...form.getInputProps('start_date')} />
            <TextInput type="date" label="Last day" withAsterisk min={values.start_date || undefined} {...form.getInputProps('end_date')} />
          </Group>
          <Text size="xs" c="dimmed" mt="xs">Sales dated on the first day, the last day and every day between earn the bonus.</Text>
        </Fieldset>

        <MilestonesField form={form} />
        {form.errors.milestones && <Text c="red" size="sm">{form.errors.milestones}</Text>}

        <ReachPreview
          targeting={
            values.assignment_type === 'tier'
              ? { assignment_type: 'tier', target_tiers: values.target_tiers }
              : { assignment_type: 'individual', target_partners: values.target_partners }
          }
        />
        {formError && <Alert color="red" role="alert" title="The spiff was not created">{formError}</Alert>}
        <Group justify="flex-end">
          {onCancel && <Button variant="default" onClick={onCancel}>Cancel</Button>}
          <Button type="submit" loading={create.isPending}>Create spiff</Button>
        </Group>
      </Stack>
    </form>
  );
}
