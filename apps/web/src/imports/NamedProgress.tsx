import { Group, Progress, Text } from '@mantine/core';

/**
 * A progress bar whose accessible name is exactly `label` (a test or a screen reader finds it by
 * that name at any value); the value is spoken from `valueText`.
 */
export function NamedProgress({ label, percent, valueText, animated }: { label: string; percent: number; valueText: string; animated?: boolean }) {
  const value = Math.round(Math.max(0, Math.min(100, Number.isFinite(percent) ? percent : 0)));
  return (
    <div>
      <Group justify="space-between" gap="xs" mb={4}>
        <Text size="sm" fw={500} aria-hidden>
          {label}
        </Text>
        <Text size="sm" c="dimmed" aria-hidden>
          {valueText}
        </Text>
      </Group>
      <Progress.Root size="lg" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-valuetext={valueText}>
        <Progress.Section value={value} withAria={false} animated={animated} />
      </Progress.Root>
    </div>
  );
}
