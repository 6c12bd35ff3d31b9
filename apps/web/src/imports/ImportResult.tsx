import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IMPORT_LISTED_ERRORS } from '@spiffworks/contracts';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/problem';
import { useApiQuery } from '../api/query';
import { formatCount, formatTimestamp } from '../format/format';
import { ErrorState, Loading, Pager } from '../ui/states';
import { saveFile } from '../ui/save-file';
import { isInProgress, processedPercent } from './upload';
import type { ImportStatus, ImportView } from './upload';
import { NamedProgress } from './NamedProgress';

/** What sets one import's outcome apart: how it reads its status and report, and says what its accepted rows became. */
export interface OutcomeKind {
  /** The status route as the typed client names it: the status query's key. */
  statusPath: string;
  fetchStatus: (id: string) => Promise<{ data?: ImportView; error?: unknown; response: Response }>;
  fetchErrorReport: (id: string) => Promise<Blob>;
  /** An import without a file name: "Sales file"; its error report: "sales-errors.csv". */
  fileLabel: string;
  reportBase: string;
  /** "booked as sales": "2 rows are booked as sales". */
  acceptedAs: string;
  /** Lists (query key roots) stale once the rows are in. */
  staleLists: readonly string[];
  /** More for a finished import (a partner import's invite links). */
  actions?: (view: ImportView) => ReactNode;
}

const POLL_MS = 1000;
const ERRORS_PAGE_SIZE = 50;

const STATUS_LABEL: Record<ImportStatus, string> = { receiving: 'Receiving', queued: 'Queued', running: 'Running', completed: 'Completed', failed: 'Failed' };
const STATUS_COLOR: Record<ImportStatus, string> = { receiving: 'gray', queued: 'gray', running: 'blue', completed: 'green', failed: 'red' };

/** The import's status, polled while its rows are still being weighed. */
function useImportStatus(kind: OutcomeKind, id: string) {
  return useApiQuery([kind.statusPath, id], () => kind.fetchStatus(id), {
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && isInProgress(status) ? POLL_MS : false;
    },
  });
}

/** Once the rows are in, the lists the user may open next are stale. */
function useRefreshListsWhenCompleted(completed: boolean, lists: readonly string[]) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!completed) return;
    for (const path of lists) void queryClient.invalidateQueries({ queryKey: [path] });
  }, [completed, lists, queryClient]);
}

function processingText(view: ImportView): string {
  if (view.status === 'failed') return 'Stopped';
  if (view.status === 'queued' || view.status === 'receiving') return 'Queued: waiting to start';
  return `${formatCount(view.rows_accepted + view.rows_rejected)} of ${formatCount(view.rows_total)} rows`;
}

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  const id = `import-count-${label.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby={id}>
      <Text size="sm" c="dimmed" id={id}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {formatCount(value)}
      </Text>
    </Card>
  );
}

function Outcome({ view, acceptedAs }: { view: ImportView; acceptedAs: string }) {
  if (view.status === 'failed') {
    return (
      <Alert color="red" role="alert" title="The import failed">
        {view.failure ?? 'The upload broke off.'} Nothing of this file is kept; upload it again.
      </Alert>
    );
  }
  if (view.status !== 'completed') return null;
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Count label="Rows in the file" value={view.rows_total} />
        <Count label="Accepted" value={view.rows_accepted} color="green.9" />
        <Count label="Rejected" value={view.rows_rejected} color={view.rows_rejected > 0 ? 'red.9' : undefined} />
      </SimpleGrid>
      <Text size="sm" role="status">
        {formatCount(view.rows_accepted)} {view.rows_accepted === 1 ? 'row is' : 'rows are'} {acceptedAs}
        {view.rows_rejected > 0 ? `; ${formatCount(view.rows_rejected)} ${view.rows_rejected === 1 ? 'row was' : 'rows were'} rejected (below).` : '; no row was rejected.'}
      </Text>
    </Stack>
  );
}

function RejectedRows({ view }: { view: ImportView }) {
  const [page, setPage] = useState(1);
  if (view.errors.length === 0) return null;
  const shown = view.errors.slice((page - 1) * ERRORS_PAGE_SIZE, page * ERRORS_PAGE_SIZE);
  const unlisted = view.rows_rejected > view.errors.length;
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Rejected rows
      </Title>
      <Text size="sm" c="dimmed">
        Row numbers count the header as row 1, as a spreadsheet shows them.
      </Text>
      {unlisted && (
        <Alert color="yellow" variant="light">
          The list shows the first {formatCount(IMPORT_LISTED_ERRORS)} of {formatCount(view.rows_rejected)} rejected rows; the error report has every one.
        </Alert>
      )}
      <Table.ScrollContainer minWidth={480}>
        <Table striped aria-label="Rejected rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th ta="right">Row</Table.Th>
              <Table.Th>Field</Table.Th>
              <Table.Th>Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((e, index) => (
              <Table.Tr key={`${e.row}-${e.field ?? ''}-${index}`}>
                <Table.Td ta="right">{formatCount(e.row)}</Table.Td>
                <Table.Td ff="monospace">{e.field ?? '—'}</Table.Td>
                <Table.Td>{e.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Pager total={view.errors.length} page={page} pageSize={ERRORS_PAGE_SIZE} onChange={setPage} label="Rejected row pages" />
    </Stack>
  );
}

function reportName(fileName: string | null, fallback: string): string {
  const base = (fileName ?? fallback).replace(/\.csv$/i, '') || fallback;
  return `${base}-errors.csv`;
}

function ErrorReportButton({ view, kind }: { view: ImportView; kind: OutcomeKind }) {
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const download = async () => {
    setSaving(true);
    setFailure(null);
    try {
      saveFile(await kind.fetchErrorReport(view.id), reportName(view.file_name, kind.reportBase));
    } catch (error) {
      setFailure(`The error report could not be downloaded: ${errorMessage(error)}`);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="light" onClick={() => void download()} loading={saving}>
          Download error report
        </Button>
        <Text size="sm" c="dimmed">
          CSV: every rejected row as it was in the file, with its row number, field and reason.
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

function ImportOutcome({ view, kind }: { view: ImportView; kind: OutcomeKind }) {
  useRefreshListsWhenCompleted(view.status === 'completed', kind.staleLists);
  const finished = !isInProgress(view.status);
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Text fw={600}>{view.file_name ?? kind.fileLabel}</Text>
          <Text size="sm" c="dimmed">
            Started {formatTimestamp(view.created_at)}
            {view.finished_at ? ` · finished ${formatTimestamp(view.finished_at)}` : ''}
          </Text>
        </div>
        <Badge color={STATUS_COLOR[view.status]} variant="light" tt="none">
          {STATUS_LABEL[view.status]}
        </Badge>
      </Group>
      <NamedProgress label="Processing progress" percent={processedPercent(view)} valueText={processingText(view)} animated={!finished} />
      <Outcome view={view} acceptedAs={kind.acceptedAs} />
      {finished && view.rows_rejected > 0 && <ErrorReportButton view={view} kind={kind} />}
      {finished && kind.actions?.(view)}
      <RejectedRows key={view.id} view={view} />
    </Stack>
  );
}

/** One import: processing progress while it runs, then what was accepted and what was rejected. */
export function ImportResult({ id, kind }: { id: string; kind: OutcomeKind }) {
  const query = useImportStatus(kind, id);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="import-result-title">
      <Stack>
        <Title order={2} size="h4" id="import-result-title">
          Import status
        </Title>
        {query.isPending ? (
          <Loading label="Loading the import…" />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <ImportOutcome view={query.data} kind={kind} />
        )}
      </Stack>
    </Card>
  );
}
