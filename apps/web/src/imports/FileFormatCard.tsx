import { Card, Code, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * What an import's file must look like, the same card for every kind of file: the columns and
 * what each holds, an example, the limits and what happens to bad rows, a template to download.
 */
export function FileFormatCard<C extends string>({ what, eachRow, columns, meaning, example, rules, template }: {
  /** The kind of row, e.g. "sale" in "Columns of a sales file". */
  what: string;
  /** What a row is and how it is checked. */
  eachRow: string;
  columns: readonly C[];
  meaning: Record<C, string>;
  example: string;
  /** The limits, and what a bad row or a second upload does. */
  rules: ReactNode;
  template: ReactNode;
}) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="file-format-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="file-format-title">
          What the file must look like
        </Title>
        <Text size="sm">
          A CSV file whose first row names these columns, in any order; other columns are ignored. {eachRow}
        </Text>
        <Table aria-label={`Columns of a ${what}s file`} withRowBorders={false} verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Column</Table.Th>
              <Table.Th>What it holds</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {columns.map((column) => (
              <Table.Tr key={column}>
                <Table.Td ff="monospace">{column}</Table.Td>
                <Table.Td>{meaning[column]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm" fw={500}>
          Example
        </Text>
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {example}
        </Code>
        <Text size="sm">{rules}</Text>
        {template}
      </Stack>
    </Card>
  );
}
