import { Button, Card, Code, Stack, Table, Text, Title } from '@mantine/core';
import { PARTNER_IMPORT_COLUMNS, PARTNER_IMPORT_OPTIONAL_COLUMNS, csvDocument } from '@spiffworks/contracts';
import { limitsText } from '../imports/file-limits';
import { saveFile } from '../ui/save-file';

const COLUMNS = [...PARTNER_IMPORT_COLUMNS, ...PARTNER_IMPORT_OPTIONAL_COLUMNS];

const MEANING: Record<(typeof COLUMNS)[number], string> = {
  name: 'The partner’s name, 1 to 200 characters',
  tier: 'bronze, silver, gold or platinum',
  contact_email: 'Its portal user signs in with it; one partner per email',
  status: 'approved (takes part in the running spiffs at once) or pending',
  password: 'Optional: 8 to 128 characters. Empty: the user gets an invite link instead (faster)',
};

const EXAMPLE = csvDocument(COLUMNS, [
  ['TechCorp Partners Inc.', 'gold', 'sales@techcorp.example', 'approved', ''],
  ['Northwind Resellers', 'silver', 'partners@northwind.example', 'pending', ''],
]);

/** What a partners file must look like: its columns, an example, the limits, a template. */
export function PartnersFileFormatPanel() {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="file-format-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="file-format-title">
          What the file must look like
        </Title>
        <Text size="sm">
          A CSV file whose first row names these columns, in any order; other columns are ignored. Each row is one partner, checked exactly like a partner registered on its own.
        </Text>
        <Table aria-label="Columns of a partners file" withRowBorders={false} verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Column</Table.Th>
              <Table.Th>What it holds</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {COLUMNS.map((column) => (
              <Table.Tr key={column}>
                <Table.Td ff="monospace">{column}</Table.Td>
                <Table.Td>{MEANING[column]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm" fw={500}>
          Example
        </Text>
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {EXAMPLE}
        </Code>
        <Text size="sm">
          One file holds {limitsText()}. A bad row never stops the good ones: it is listed with its reason. An email a partner or user already has is rejected, so uploading the same file again registers nothing twice.
        </Text>
        <Button variant="default" onClick={() => saveFile(new Blob([csvDocument(COLUMNS, [])], { type: 'text/csv;charset=utf-8' }), 'partners-template.csv')}>
          Download template (CSV)
        </Button>
      </Stack>
    </Card>
  );
}
