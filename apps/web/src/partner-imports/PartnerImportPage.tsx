/**
 * Import partners (admin): upload a partners CSV, watch it upload and be registered, read what was
 * rejected and why, and download the invite links of the new partner users (every import's screen).
 */
import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { ImportScreen } from '../imports/ImportScreen';
import type { OutcomeKind } from '../imports/ImportResult';
import { PARTNERS_FILE, PARTNERS_OUTCOME } from './api';
import { InviteLinksButton } from './InviteLinksButton';
import { PartnersFileFormatPanel } from './PartnersFileFormatPanel';

const OUTCOME: OutcomeKind = { ...PARTNERS_OUTCOME, actions: (view) => <InviteLinksButton view={view} /> };

export function PartnerImportPage() {
  return (
    <Stack>
      <Title order={1}>Import partners</Title>
      <Text>
        Onboard partners from a spreadsheet: each row becomes a partner with its portal user, exactly as if registered on its own. Approved partners join the running spiffs of their tier at once. A user without a password in the file gets an invite link to choose one.
      </Text>
      <ImportScreen
        file={PARTNERS_FILE}
        outcome={OUTCOME}
        recentKey="partner-imports"
        formatPanel={<PartnersFileFormatPanel />}
        afterResult={
          <Button component={Link} to="/admin/partners" variant="subtle">
            Open the partners
          </Button>
        }
      />
    </Stack>
  );
}
