/**
 * "Download all sales (CSV)": the server's sales file (`GET /api/analytics/export.csv`, one row per
 * sale, streamed), fetched with the session's token and saved as the commission queue saves the
 * payout file. Not what the screen shows, as the screen's own "Export CSV" is: every sale its filters select.
 */
import { Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { api } from '../api/client';
import type { paths } from '../api/client';
import { errorMessage, unwrap } from '../api/problem';
import { saveFile } from '../ui/save-file';

export type SalesFileQuery = NonNullable<paths['/api/analytics/export.csv']['get']['parameters']['query']>;

/** The file's name: the sale date range it covers, when it has one. */
export function salesFileName(query: SalesFileQuery): string {
  return `spiffworks-sales${query.from ? `-from-${query.from}` : ''}${query.to ? `-to-${query.to}` : ''}.csv`;
}

/** `label` says what the file holds: every sale (Overview) or the ones the screen's filters select (Time series). */
export function SalesFileButton({ query, disabled = false, label = 'Download all sales (CSV)' }: { query: SalesFileQuery; disabled?: boolean; label?: string }) {
  const [downloading, setDownloading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const download = async () => {
    setDownloading(true);
    setFailure(null);
    try {
      const blob = (await unwrap(api.GET('/api/analytics/export.csv', { params: { query }, parseAs: 'blob' }))) as unknown as Blob;
      saveFile(blob, salesFileName(query));
    } catch (error) {
      setFailure(`The download failed: ${errorMessage(error)}`);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Stack gap={4} align="flex-end">
      <Button variant="default" onClick={() => void download()} loading={downloading} disabled={disabled}>
        {label}
      </Button>
      {failure && (
        <Text size="sm" c="red" role="alert">
          {failure}
        </Text>
      )}
    </Stack>
  );
}
