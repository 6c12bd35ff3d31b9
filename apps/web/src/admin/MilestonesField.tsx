/** The milestones of a spiff or a manual assignment: name, metric, threshold, reward; each row labelled. */
import { ActionIcon, Button, Fieldset, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';

export interface MilestoneValues {
  name: string;
  metric: 'units' | 'revenue';
  threshold: number | string;
  reward_amount: number | string;
}

export const emptyMilestone = (): MilestoneValues => ({ name: '', metric: 'units', threshold: '', reward_amount: '' });

/** Form-side checks; the API checks again and its field errors land on the same inputs (`milestones.0.name`). */
export function milestoneErrors(m: MilestoneValues): Partial<Record<keyof MilestoneValues, string>> {
  const errors: Partial<Record<keyof MilestoneValues, string>> = {};
  if (!m.name.trim()) errors.name = 'Name the milestone';
  if (m.threshold === '' || Number(m.threshold) <= 0) errors.threshold = 'A threshold above 0';
  if (m.reward_amount === '' || Number(m.reward_amount) <= 0) errors.reward_amount = 'A reward above 0';
  return errors;
}

export const toMilestoneDto = (m: MilestoneValues) => ({
  name: m.name.trim(), metric: m.metric, threshold: Number(m.threshold), reward_amount: Number(m.reward_amount),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function MilestonesField<V extends { milestones: MilestoneValues[] }>({ form }: { form: UseFormReturnType<V, any> }) {
  const milestones = form.getValues().milestones;
  return (
    <Fieldset legend="Milestones (optional)">
      <Stack gap="sm">
        {milestones.length === 0 && <Text size="sm" c="dimmed">No milestones: partners earn the incentive only.</Text>}
        {milestones.map((m, index) => (
          <Group key={form.key(`milestones.${index}`)} align="flex-start" wrap="wrap">
            <TextInput label={`Milestone ${index + 1} name`} withAsterisk style={{ flex: 2, minWidth: 160 }} {...form.getInputProps(`milestones.${index}.name`)} key={form.key(`milestones.${index}.name`)} />
            <Select
              label="Metric"
              data={[{ value: 'units', label: 'Units sold' }, { value: 'revenue', label: 'Revenue' }]}
              allowDeselect={false}
              style={{ flex: 1, minWidth: 120 }}
              {...form.getInputProps(`milestones.${index}.metric`)}
              key={form.key(`milestones.${index}.metric`)}
            />
            <NumberInput
              label={m.metric === 'revenue' ? 'Threshold (revenue)' : 'Threshold (units)'}
              withAsterisk
              min={0}
              decimalScale={m.metric === 'revenue' ? 2 : 0}
              style={{ flex: 1, minWidth: 120 }}
              {...form.getInputProps(`milestones.${index}.threshold`)}
              key={form.key(`milestones.${index}.threshold`)}
            />
            <NumberInput
              label="Reward"
              withAsterisk
              min={0}
              decimalScale={2}
              prefix="$"
              style={{ flex: 1, minWidth: 120 }}
              {...form.getInputProps(`milestones.${index}.reward_amount`)}
              key={form.key(`milestones.${index}.reward_amount`)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mt={28}
              aria-label={`Remove milestone ${index + 1}`}
              onClick={() => form.removeListItem('milestones', index)}
            >
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="light" size="xs" onClick={() => form.insertListItem('milestones', emptyMilestone() as never)} disabled={milestones.length >= 20}>
            Add a milestone
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
