import { Grid, Stack } from '@mantine/core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useUser } from '../auth/session';
import { FileUpload } from './FileUpload';
import type { FileKind } from './FileUpload';
import { ImportResult } from './ImportResult';
import type { OutcomeKind } from './ImportResult';
import { RecentImports } from './RecentImports';
import { useRecentImports } from './recent-imports';
import type { AcceptedImport } from './upload';

/**
 * Every import's screen body: upload a file (with its progress), then the import's processing and
 * outcome (rejected rows, error report, and the kind's own actions), beside what its file must look
 * like and the imports started in this tab. `recentKey` keeps each kind's list apart.
 */
export function ImportScreen({ file, outcome, recentKey, formatPanel, afterResult }: {
  file: FileKind;
  outcome: OutcomeKind;
  recentKey: string;
  formatPanel: ReactNode;
  afterResult?: ReactNode;
}) {
  const user = useUser();
  const [imports, remember] = useRecentImports(recentKey, user.id);
  const [current, setCurrent] = useState<string | null>(imports[0]?.id ?? null);

  const accepted = ({ import_id }: AcceptedImport, chosen: File) => {
    remember({ id: import_id, file_name: chosen.name, started_at: new Date().toISOString() });
    setCurrent(import_id);
  };

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack>
          <FileUpload kind={file} onAccepted={accepted} />
          {current && <ImportResult key={current} id={current} kind={outcome} />}
          {current && afterResult}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack>
          {formatPanel}
          <RecentImports imports={imports} current={current} onOpen={setCurrent} fileLabel={outcome.fileLabel} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
