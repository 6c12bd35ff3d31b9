import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { api } from '../api/client';
import { useApiQuery } from '../api/query';
import { useUser } from '../auth/session';
import { formatCount, formatMoney } from '../format/format';
import { EmptyState, QueryState } from '../ui/states';

function Stat({ label, value }: { label: string; value: string }) {
  const id = useId();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id}>
      <Text size="sm" c="dimmed" id={id}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Card>
  );
}

/** The partner's own metrics (GET /api/fulfillment/analytics/partner/{own id}). */
export function MyAnalyticsPage() {
  const user = useUser();
  const metrics = useApiQuery(['/api/fulfillment/analytics/partner/{id}', user.partner_id], () =>
    api.GET('/api/fulfillment/analytics/partner/{id}', { params: { path: { id: user.partner_id ?? '' } } }),
  );
  return (
    <Stack>
      <Title order={1}>My analytics</Title>
      <QueryState query={metrics} loadingLabel="Loading your metrics…">
        {({ partner_name, metrics: m }) =>
          m.total_sales === 0 && m.total_commission === 0 && m.milestones_achieved === 0 ? (
            <EmptyState title="No sales yet">
              {partner_name} has not sold anything yet
              {m.active_assignments > 0 ? ` (${formatCount(m.active_assignments)} active opportunit${m.active_assignments === 1 ? 'y' : 'ies'})` : ''}. Once you log a sale,
              your revenue, commissions and milestones show here.
            </EmptyState>
          ) : (
          <Stack>
            <Text c="dimmed">{partner_name}</Text>
            <Title order={2} size="h4">
              Sales
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              <Stat label="Sales" value={formatCount(m.total_sales)} />
              <Stat label="Revenue" value={formatMoney(m.total_revenue)} />
              <Stat label="Active opportunities" value={formatCount(m.active_assignments)} />
              <Stat label="Milestones reached" value={formatCount(m.milestones_achieved)} />
            </SimpleGrid>
            <Title order={2} size="h4">
              Earnings
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              <Stat label="Total commission" value={formatMoney(m.total_commission)} />
              <Stat label="Base commission" value={formatMoney(m.base_commission)} />
              <Stat label="Spiff bonus" value={formatMoney(m.spiff_bonus)} />
              <Stat label="Milestone rewards" value={formatMoney(m.milestone_rewards)} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, xs: 3 }}>
              <Stat label="Pending" value={formatMoney(m.pending_commission)} />
              <Stat label="Approved" value={formatMoney(m.approved_commission)} />
              <Stat label="Paid" value={formatMoney(m.paid_commission)} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <Stat label="Disputes open" value={formatCount(m.open_disputes)} />
              <Stat label={`Adjusted through disputes (${formatCount(m.adjustments)} line${m.adjustments === 1 ? '' : 's'})`} value={formatMoney(m.adjustment_amount)} />
            </SimpleGrid>
          </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}
