/** Loading, error and empty states, and a pager, the same on every screen. */
import { Alert, Button, Center, Group, Loader, Pagination, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { errorMessage } from '../api/problem';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text c="dimmed">{label}</Text>
      </Group>
    </Center>
  );
}

export function ErrorState({ error, onRetry, title = 'Something went wrong' }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap="xs">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Alert color="gray" variant="light" title={title}>
      {children}
    </Alert>
  );
}

/**
 * Renders a query: its loading state, its error (with retry), its empty state (when `isEmpty`
 * says so), else `children(data)`.
 */
export function QueryState<D>({
  query,
  isEmpty,
  empty,
  loadingLabel,
  children,
}: {
  query: UseQueryResult<D, unknown>;
  isEmpty?: (data: D) => boolean;
  empty?: ReactNode;
  loadingLabel?: string;
  children: (data: D) => ReactNode;
}) {
  if (query.isPending) return <Loading label={loadingLabel} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <>{empty ?? <EmptyState title="Nothing here yet" />}</>;
  return <>{children(query.data)}</>;
}

/** A pager for `{ total, page, page_size }` lists; hidden when everything fits on one page. */
export function Pager({ total, page, pageSize, onChange, label = 'Pages' }: { total: number; page: number; pageSize: number; onChange: (page: number) => void; label?: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Group justify="space-between" mt="md">
      <Text size="sm" c="dimmed">
        {total === 0 ? 'No entries' : `${(page - 1) * pageSize + 1}–${Math.min(total, page * pageSize)} of ${total}`}
      </Text>
      {pages > 1 && <Pagination total={pages} value={page} onChange={onChange} aria-label={label} getControlProps={(control) => ({ 'aria-label': `${control} page` })} />}
    </Group>
  );
}
