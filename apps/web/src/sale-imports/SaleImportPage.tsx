/**
 * Import sales: upload a sell-through CSV (a partner its own rows, an admin any partner's), watch
 * it upload and then be booked, and read what was rejected and why.
 */
import { Button, Card, Grid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useUser } from '../auth/session';
import type { SessionUser } from '../auth/session-store';
import { formatTimestamp } from '../format/format';
import type { AcceptedImport } from './api';
import { FileFormatPanel } from './FileFormatPanel';
import { useRecentImports } from './recent-imports';
import type { RecentImport } from './recent-imports';
import { SaleImportResult } from './SaleImportResult';
import { SalesFileUpload } from './SalesFileUpload';

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

function RecentImports({ imports, current, onOpen }: { imports: RecentImport[]; current: string | null; onOpen: (id: string) => void }) {
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
                  <Table.Td>{entry.file_name ?? 'Sales file'}</Table.Td>
                  <Table.Td>{formatTimestamp(entry.started_at)}</Table.Td>
                  <Table.Td ta="right">
                    {entry.id === current ? (
                      <Text size="sm" c="dimmed">
                        Shown
                      </Text>
                    ) : (
                      <Button size="xs" variant="subtle" onClick={() => onOpen(entry.id)} aria-label={`Open the import of ${entry.file_name ?? 'a sales file'} started ${formatTimestamp(entry.started_at)}`}>
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
  const [imports, remember] = useRecentImports(user.id);
  const [current, setCurrent] = useState<string | null>(imports[0]?.id ?? null);

  const accepted = ({ import_id }: AcceptedImport, file: File) => {
    remember({ id: import_id, file_name: file.name, started_at: new Date().toISOString() });
    setCurrent(import_id);
  };

  return (
    <Stack>
      <Title order={1}>Import sales</Title>
      <Intro user={user} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <SalesFileUpload onAccepted={accepted} />
            {current && <SaleImportResult key={current} id={current} />}
            {current && <NextSteps user={user} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <FileFormatPanel partnerId={user.role === 'partner' ? user.partner_id : null} />
            <RecentImports imports={imports} current={current} onOpen={setCurrent} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
