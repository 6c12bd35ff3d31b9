import { Button, Card, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { formatTimestamp } from '../format/format';
import type { RecentImport } from './recent-imports';

/** The imports started in this tab (newest first), each to open again; `fileLabel` names one without a file name ("Sales file"). */
export function RecentImports({ imports, current, onOpen, fileLabel }: { imports: RecentImport[]; current: string | null; onOpen: (id: string) => void; fileLabel: string }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="recent-imports-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="recent-imports-title">
          Imports in this tab
        </Title>
        <Text size="sm" c="dimmed">
          This browser tab remembers the imports you start here until it closes, so you can come back to one; the list is not kept anywhere else.
        </Text>
        {imports.length === 0 ? (
          <Text size="sm">None yet.</Text>
        ) : (
          <Table aria-label="Imports in this tab" withRowBorders={false}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th>Started</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Action</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {imports.map((entry) => (
                <Table.Tr key={entry.id}>
                  <Table.Td>{entry.file_name ?? fileLabel}</Table.Td>
                  <Table.Td>{formatTimestamp(entry.started_at)}</Table.Td>
                  <Table.Td ta="right">
                    {entry.id === current ? (
                      <Text size="sm" c="dimmed">
                        Shown
                      </Text>
                    ) : (
                      <Button size="xs" variant="subtle" onClick={() => onOpen(entry.id)} aria-label={`Open the import of ${entry.file_name ?? `a ${fileLabel.toLowerCase()}`} started ${formatTimestamp(entry.started_at)}`}>
                        Open
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
