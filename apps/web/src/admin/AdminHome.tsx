/** The admin's home: what waits for a decision, each card a link to the screen that settles it. */
import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { api } from '../api/client';
import { useApiQuery } from '../api/query';
import { formatCount } from '../format/format';

function CountCard({ title, count, to, hint, loading, failed }: { title: string; count?: number; to: string; hint: string; loading: boolean; failed: boolean }) {
  return (
    <Card withBorder padding="lg">
      <Text size="sm" c="dimmed">{title}</Text>
      <Text size="xl" fw={700} aria-live="polite">{failed ? 'Unavailable' : loading ? '…' : formatCount(count ?? 0)}</Text>
      <Anchor component={Link} to={to} size="sm">{hint}</Anchor>
    </Card>
  );
}

export function AdminHome() {
  const pendingPartners = useApiQuery(['/api/partners', 'home-pending'], () => api.GET('/api/partners', { params: { query: { status: 'pending', page: 1, page_size: 1 } } }));
  const pendingLines = useApiQuery(['/api/commissions', 'home-pending'], () => api.GET('/api/commissions', { params: { query: { status: 'pending', page: 1, page_size: 1 } } }));
  const approvedLines = useApiQuery(['/api/commissions', 'home-approved'], () => api.GET('/api/commissions', { params: { query: { status: 'approved', page: 1, page_size: 1 } } }));
  const proofsToReview = useApiQuery(['/api/commissions/reviews', 'home'], () => api.GET('/api/commissions/reviews', { params: { query: { status: 'awaiting_review', page: 1, page_size: 1 } } }));
  const openDisputes = useApiQuery(['/api/disputes', 'home-open'], () => api.GET('/api/disputes', { params: { query: { status: 'open', page: 1, page_size: 1 } } }));
  const deadLetters = useApiQuery(['/api/admin/dead-letters', 'home'], () => api.GET('/api/admin/dead-letters', { params: { query: {} } }));
  return (
    <Stack>
      <Title order={1}>Admin</Title>
      <Text c="dimmed">What waits for you today.</Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        <CountCard title="Partners waiting for approval" count={pendingPartners.data?.total} loading={pendingPartners.isPending} failed={pendingPartners.isError} to="/admin/partners" hint="Review partners" />
        <CountCard title="Commission lines to approve" count={pendingLines.data?.total} loading={pendingLines.isPending} failed={pendingLines.isError} to="/admin/commissions" hint="Open the queue" />
        <CountCard title="Approved lines to pay" count={approvedLines.data?.total} loading={approvedLines.isPending} failed={approvedLines.isError} to="/admin/commissions" hint="Pay them" />
        <CountCard title="Proofs of sale to review" count={proofsToReview.data?.total} loading={proofsToReview.isPending} failed={proofsToReview.isError} to="/admin/reviews" hint="Open the review queue" />
        <CountCard title="Open disputes" count={openDisputes.data?.total} loading={openDisputes.isPending} failed={openDisputes.isError} to="/admin/disputes" hint="Answer them" />
        <CountCard title="Dead letters" count={deadLetters.data?.total} loading={deadLetters.isPending} failed={deadLetters.isError} to="/admin/dead-letters" hint="Inspect and replay" />
      </SimpleGrid>
    </Stack>
  );
}
