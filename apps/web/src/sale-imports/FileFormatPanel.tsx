import { Button, Card, Code, Stack, Table, Text, Title } from '@mantine/core';
import { SALE_IMPORT_COLUMNS } from '@spiffworks/contracts';
import { api } from '../api/client';
import { useApiQuery } from '../api/query';
import { sellableProducts } from '../partner/sale-preview';
import { COLUMN_MEANING, blankTemplate, exampleFile, limitsText, partnerTemplate } from './file-format';
import { saveFile } from '../ui/save-file';

const saveCsv = (text: string, filename: string) => saveFile(new Blob([text], { type: 'text/csv;charset=utf-8' }), filename);

function ColumnsTable() {
  return (
    <Table aria-label="Columns of a sales file" withRowBorders={false} verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Column</Table.Th>
          <Table.Th>What it holds</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {SALE_IMPORT_COLUMNS.map((column) => (
          <Table.Tr key={column}>
            <Table.Td ff="monospace">{column}</Table.Td>
            <Table.Td>{COLUMN_MEANING[column]}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A partner's template: its own id on every row, one row per product of its opportunities. */
function PartnerTemplateButton({ partnerId }: { partnerId: string }) {
  const opportunities = useApiQuery(['/api/fulfillment/assignments/my-opportunities'], () => api.GET('/api/fulfillment/assignments/my-opportunities'));
  const download = () => saveCsv(partnerTemplate(partnerId, sellableProducts(opportunities.data?.opportunities ?? [])), 'sales-template.csv');
  return (
    <Stack gap={4}>
      <Button variant="default" onClick={download} loading={opportunities.isPending}>
        Download template (CSV)
      </Button>
      <Text size="xs" c="dimmed">
        Your partner id on every row, one row per product of your opportunities; fill in the rest and delete the rows you did not sell. Its product_name and sku columns are only for you: the import ignores them.
      </Text>
    </Stack>
  );
}

/** The short "what the file must look like": columns, two example rows, limits, a template. */
export function FileFormatPanel({ partnerId }: { partnerId: string | null }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="file-format-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="file-format-title">
          What the file must look like
        </Title>
        <Text size="sm">
          A CSV file whose first row names these columns, in any order; other columns are ignored. Each row is one sale, checked exactly like a sale logged on its own.
        </Text>
        <ColumnsTable />
        <Text size="sm" fw={500}>
          Example
        </Text>
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {exampleFile(partnerId ?? undefined)}
        </Code>
        <Text size="sm">
          One file holds {limitsText()}. A bad row never stops the good ones: it is listed with its reason. Uploading the same file again books nothing twice.
        </Text>
        {partnerId ? (
          <PartnerTemplateButton partnerId={partnerId} />
        ) : (
          <Button variant="default" onClick={() => saveCsv(blankTemplate(), 'sales-template.csv')}>
            Download template (CSV)
          </Button>
        )}
      </Stack>
    </Card>
  );
}
