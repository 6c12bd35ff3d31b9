import { Button, Stack, Text } from '@mantine/core';
import { SALE_IMPORT_COLUMNS } from '@spiffworks/contracts';
import { api } from '../api/client';
import { useApiQuery } from '../api/query';
import { sellableProducts } from '../partner/sale-preview';
import { COLUMN_MEANING, blankTemplate, exampleFile, limitsText, partnerTemplate } from './file-format';
import { saveFile } from '../ui/save-file';
import { FileFormatCard } from '../imports/FileFormatCard';

const saveCsv = (text: string, filename: string) => saveFile(new Blob([text], { type: 'text/csv;charset=utf-8' }), filename);

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
    <FileFormatCard
      what="sale"
      eachRow="Each row is one sale, checked exactly like a sale logged on its own."
      columns={SALE_IMPORT_COLUMNS}
      meaning={COLUMN_MEANING}
      example={exampleFile(partnerId ?? undefined)}
      rules={`One file holds ${limitsText()}. A bad row never stops the good ones: it is listed with its reason. Uploading the same file again books nothing twice.`}
      template={partnerId ? (
        <PartnerTemplateButton partnerId={partnerId} />
      ) : (
        <Button variant="default" onClick={() => saveCsv(blankTemplate(), 'sales-template.csv')}>
          Download template (CSV)
        </Button>
      )}
    />
  );
}
