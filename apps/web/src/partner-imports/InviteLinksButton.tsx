import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ProblemError, errorMessage } from '../api/problem';
import type { ImportView } from '../imports/upload';
import { saveFile } from '../ui/save-file';
import { fetchInviteLinks } from './api';

function linksName(fileName: string | null): string {
  const base = (fileName ?? 'partners').replace(/\.csv$/i, '') || 'partners';
  return `${base}-invites.csv`;
}

/**
 * The invite links of a finished import: a CSV of each invited partner user still to accept, with
 * the link to send it. The server shows them only for a while after the import finished.
 */
export function InviteLinksButton({ view }: { view: ImportView }) {
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (view.status !== 'completed' || view.rows_accepted === 0) return null;
  const download = async () => {
    setSaving(true);
    setFailure(null);
    try {
      saveFile(await fetchInviteLinks(view.id), linksName(view.file_name));
    } catch (error) {
      const gone = error instanceof ProblemError && (error.code === 'INVITE_LINKS_WITHDRAWN' || error.code === 'IMPORT_ROWS_PURGED');
      setFailure(gone
        ? `The invite links are no longer shown: ${error.message}. A partner still without a password gets a new link from Partners → More → New invite link.`
        : `The invite links could not be downloaded: ${errorMessage(error)}`);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Stack gap="xs">
      <Group>
        <Button onClick={() => void download()} loading={saving}>
          Download invite links
        </Button>
        <Text size="sm" c="dimmed" maw={420}>
          CSV: each new partner user without a password of its own, with the link it opens to choose one. Send each partner its link; keep the file like passwords. It is shown only for 24 hours after the import.
        </Text>
      </Group>
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
    </Stack>
  );
}
