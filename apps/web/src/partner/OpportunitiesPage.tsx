import { Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { api } from '../api/client';
import type { Schemas } from '../api/client';
import { useApiQuery } from '../api/query';
import { formatCount, formatMoney, formatPeriod, formatRate } from '../format/format';
import { ProgressBar } from '../ui/ProgressBar';
import { EmptyState, ErrorState, QueryState } from '../ui/states';

type Opportunity = Schemas['OpportunityResponse'];
type MilestoneProgress = Schemas['MilestoneProgressResponse'];

export function spiffTerms(spiff: NonNullable<Opportunity['spiff']>): string {
  return spiff.incentive_type === 'fixed' ? `${formatMoney(spiff.incentive_amount)} per unit sold` : `${formatRate(spiff.incentive_amount)} of revenue`;
}

/** What a budgeted spiff's fund still holds for the partner; null for a spiff without a fund. */
export function fundText(spiff: NonNullable<Opportunity['spiff']>): string | null {
  if (!spiff.fund) return null;
  return spiff.fund.exhausted ? 'Fund exhausted: sales earn no bonus from this spiff (your commission still)' : `${formatMoney(spiff.fund.remaining)} left in the fund`;
}

function percentOf(actual: number, target: number): number {
  return target > 0 ? (actual / target) * 100 : 0;
}

function OpportunityCard({ opportunity, milestones }: { opportunity: Opportunity; milestones: MilestoneProgress[] }) {
  const { spiff } = opportunity;
  const title = spiff?.name ?? (opportunity.assignment_type === 'target' ? 'Sales target' : 'Product assignment');
  const headingId = `opportunity-${opportunity.assignment_id}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h3" id={headingId}>
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {formatPeriod(opportunity.start_date, opportunity.end_date)}
            </Text>
          </div>
          <Badge color={opportunity.status === 'active' ? 'green' : 'gray'} variant="light">
            {opportunity.status}
          </Badge>
        </Group>
        {spiff && (
          <Text>
            <Text span fw={600}>
              Bonus:
            </Text>{' '}
            {spiffTerms(spiff)}
            {spiff.description ? ` — ${spiff.description}` : ''}
          </Text>
        )}
        {spiff?.fund && (
          <Badge color={spiff.fund.exhausted ? 'red' : 'blue'} variant="light" size="lg" style={{ textTransform: 'none' }}>
            {fundText(spiff)}
          </Badge>
        )}
        <Table striped withTableBorder aria-label={`Products of ${title}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Product</Table.Th>
              <Table.Th>SKU</Table.Th>
              <Table.Th ta="right">Your commission rate</Table.Th>
              <Table.Th>
                <VisuallyHidden>Action</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {opportunity.products.map((product) => (
              <Table.Tr key={product.id}>
                <Table.Td>{product.name}</Table.Td>
                <Table.Td>{product.sku}</Table.Td>
                <Table.Td ta="right">{formatRate(product.commission_rate)}</Table.Td>
                <Table.Td ta="right">
                  {opportunity.status === 'active' && (
                    <Button component={Link} to="/partner/sales/new" search={{ product_id: product.id } as never} size="xs" variant="light" aria-label={`Log a sale of ${product.name}`}>
                      Log a sale
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {opportunity.target_quantity !== null && (
          <ProgressBar
            label="Progress to target"
            value={percentOf(opportunity.actual_quantity, opportunity.target_quantity)}
            detail={`${formatCount(opportunity.actual_quantity)} of ${formatCount(opportunity.target_quantity)} units · ${formatMoney(opportunity.actual_revenue)} revenue`}
          />
        )}
        {opportunity.target_quantity === null && (
          <Text size="sm" c="dimmed">
            Sold so far: {formatCount(opportunity.actual_quantity)} units, {formatMoney(opportunity.actual_revenue)} revenue
          </Text>
        )}
        {milestones.map((m) => (
          <ProgressBar
            key={m.milestone}
            label={`Milestone “${m.milestone}”${m.achieved ? ' — reached' : ''}`}
            value={m.percent}
            color={m.achieved ? 'green' : undefined}
            detail={`${m.metric === 'revenue' ? `${formatMoney(m.progress)} of ${formatMoney(m.threshold)}` : `${formatCount(m.progress)} of ${formatCount(m.threshold)} units`} · reward ${formatMoney(m.reward_amount)}`}
          />
        ))}
      </Stack>
    </Card>
  );
}

/** The partner's home: what it can earn (its opportunities) and how far it is. */
export function OpportunitiesPage() {
  const opportunities = useApiQuery(['/api/fulfillment/assignments/my-opportunities'], () => api.GET('/api/fulfillment/assignments/my-opportunities'));
  const progress = useApiQuery(['/api/fulfillment/milestones/my-progress'], () => api.GET('/api/fulfillment/milestones/my-progress'));
  const milestonesOf = (assignmentId: string): MilestoneProgress[] => (progress.data?.milestones ?? []).filter((m) => m.assignment_id === assignmentId);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Your opportunities</Title>
        <Button component={Link} to="/partner/sales/new">
          Log a sale
        </Button>
      </Group>
      <QueryState
        query={opportunities}
        loadingLabel="Loading your opportunities…"
        isEmpty={(data) => data.opportunities.length === 0}
        empty={<EmptyState title="No opportunities yet">When an admin assigns you a spiff or products, they show here with their terms.</EmptyState>}
      >
        {(data) => {
          const active = data.opportunities.filter((o) => o.status === 'active');
          const earned = (progress.data?.milestones ?? []).filter((m) => m.achieved).reduce((n) => n + 1, 0);
          return (
            <Stack>
              <Text c="dimmed">
                {active.length} active · {data.opportunities.length - active.length} closed
                {earned > 0 ? ` · ${earned} milestone${earned === 1 ? '' : 's'} reached` : ''}
              </Text>
              {progress.isError && (
                <ErrorState title="Milestone progress is unavailable" error={progress.error} onRetry={() => void progress.refetch()} />
              )}
              <SimpleGrid cols={{ base: 1, lg: 2 }}>
                {data.opportunities.map((o) => (
                  <OpportunityCard key={o.assignment_id} opportunity={o} milestones={milestonesOf(o.assignment_id)} />
                ))}
              </SimpleGrid>
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
