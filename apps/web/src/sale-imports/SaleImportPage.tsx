/**
 * Import sales: upload a sell-through CSV (a partner its own rows, an admin any partner's), watch
 * it upload and then be booked, and read what was rejected and why (every import's screen).
 */
import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useUser } from '../auth/session';
import type { SessionUser } from '../auth/session-store';
import { ImportScreen } from '../imports/ImportScreen';
import { SALES_FILE, SALES_OUTCOME } from './api';
import { FileFormatPanel } from './FileFormatPanel';

function Intro({ user }: { user: SessionUser }) {
  if (user.role !== 'partner') {
    return <Text>Upload a sell-through file for any partner: each row names the partner who sold. Every accepted row is booked as a sale, with its commission, exactly as if it had been logged on its own.</Text>;
  }
  return (
    <Text>
      Upload a file of your own sales: every row&apos;s partner_id must be your partner id, <Text span ff="monospace">{user.partner_id}</Text>; a row of another partner is rejected. Every accepted row is booked as a sale, with its commission, exactly as if you had logged it on its own.
    </Text>
  );
}

function NextSteps({ user }: { user: SessionUser }) {
  return user.role === 'partner' ? (
    <Button component={Link} to="/partner/sales" variant="subtle">
      See my sales
    </Button>
  ) : (
    <Button component={Link} to="/admin/commissions" variant="subtle">
      Open the commission queue
    </Button>
  );
}

export function SaleImportPage() {
  const user = useUser();
  return (
    <Stack>
      <Title order={1}>Import sales</Title>
      <Intro user={user} />
      <ImportScreen
        file={SALES_FILE}
        outcome={SALES_OUTCOME}
        recentKey="sale-imports"
        formatPanel={<FileFormatPanel partnerId={user.role === 'partner' ? user.partner_id : null} />}
        afterResult={<NextSteps user={user} />}
      />
    </Stack>
  );
}
