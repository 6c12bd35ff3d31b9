import { Button } from '@mantine/core';
import { PARTNER_IMPORT_COLUMNS, PARTNER_IMPORT_OPTIONAL_COLUMNS, csvDocument } from '@spiffworks/contracts';
import { limitsText } from '../imports/file-limits';
import { saveFile } from '../ui/save-file';
import { FileFormatCard } from '../imports/FileFormatCard';

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
    <FileFormatCard
      what="partner"
      eachRow="Each row is one partner, checked exactly like a partner registered on its own."
      columns={COLUMNS}
      meaning={MEANING}
      example={EXAMPLE}
      rules={`One file holds ${limitsText()}. A bad row never stops the good ones: it is listed with its reason. An email a partner or user already has is rejected, so uploading the same file again registers nothing twice.`}
      template={(
        <Button variant="default" onClick={() => saveFile(new Blob([csvDocument(COLUMNS, [])], { type: 'text/csv;charset=utf-8' }), 'partners-template.csv')}>
          Download template (CSV)
        </Button>
      )}
    />
  );
}
