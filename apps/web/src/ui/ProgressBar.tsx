import { Group, Progress, Text } from '@mantine/core';

/** A labelled progress bar (the label is the bar's accessible name, and visible above it). */
export function ProgressBar({ label, value, detail, color }: { label: string; value: number; detail?: string; color?: string }) {
  const percent = Math.max(0, Math.min(100, Number.isFinite(value) ? value : 0));
  return (
    <div>
      <Group justify="space-between" gap="xs" mb={4}>
        <Text size="sm">{label}</Text>
        {detail && (
          <Text size="sm" c="dimmed">
            {detail}
          </Text>
        )}
      </Group>
      <Progress.Root size="lg">
        <Progress.Section value={percent} color={color} aria-label={`${label}: ${Math.round(percent)} %`} />
      </Progress.Root>
    </div>
  );
}
