/** The overview: platform totals and the top 5 partners by revenue, with a CSV of both. */
import { Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { formatCount, formatMoney, toFixedAmount } from '../format/format';
import { EmptyState, QueryState } from '../ui/states';
import { useOverview } from './api';
import type { Overview } from './api';
import { downloadCsv } from './export';
import { SalesFileButton } from './SalesFileButton';

export function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card withBorder padding="md" component="section" aria-label={label}>
      <Text size="sm" c="dimmed" component="h2" fw={500} m={0}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={`stat-${label}`}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

export function exportOverview(data: Overview): string {
  const { overview, top_partners } = data;
  return downloadCsv(
    'spiffworks-overview.csv',
    ['section', 'partner_id', 'partner_name', 'sales', 'revenue', 'commission', 'assignments', 'active_assignments'],
    [
      ['total', null, null, overview.total_sales, toFixedAmount(overview.total_revenue), toFixedAmount(overview.total_commission), overview.total_assignments, overview.active_assignments],
      ...top_partners.map((p) => ['top_partner', p.partner_id, p.partner_name, p.sales_count, toFixedAmount(p.revenue), toFixedAmount(p.commission), null, null]),
    ],
  );
}

export function OverviewPage() {
  const overview = useOverview();
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Analytics overview</Title>
          <Text c="dimmed">Every partner, every sale; commission is base plus spiff bonus of lines not rejected, net of returns.</Text>
        </div>
        <Group align="flex-start">
          <Button variant="default" disabled={!overview.data} onClick={() => overview.data && exportOverview(overview.data)}>
            Export CSV
          </Button>
          <SalesFileButton query={{}} />
        </Group>
      </Group>
      <QueryState query={overview} loadingLabel="Loading the overview…">
        {({ overview: totals, top_partners }) => (
          <>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              <Stat label="Sales" value={formatCount(totals.total_sales)} />
              <Stat label="Revenue" value={formatMoney(totals.total_revenue)} />
              <Stat label="Commission" value={formatMoney(totals.total_commission)} />
              <Stat label="Active assignments" value={formatCount(totals.active_assignments)} hint={`of ${formatCount(totals.total_assignments)} in all`} />
            </SimpleGrid>
            <Card withBorder padding="md" component="section" aria-labelledby="top-partners-title">
              <Title order={2} size="h3" id="top-partners-title" mb="sm">
                Top 5 partners by revenue
              </Title>
              {top_partners.length === 0 ? (
                <EmptyState title="No sales yet">Partners appear here once they log sales.</EmptyState>
              ) : (
                <Table.ScrollContainer minWidth={520}>
                  <Table striped aria-labelledby="top-partners-title">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">#</Table.Th>
                        <Table.Th scope="col">Partner</Table.Th>
                        <Table.Th scope="col" ta="right">Sales</Table.Th>
                        <Table.Th scope="col" ta="right">Revenue</Table.Th>
                        <Table.Th scope="col" ta="right">Commission</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {top_partners.map((partner, index) => (
                        <Table.Tr key={partner.partner_id}>
                          <Table.Td>{index + 1}</Table.Td>
                          <Table.Th scope="row" fw={500}>{partner.partner_name}</Table.Th>
                          <Table.Td ta="right">{formatCount(partner.sales_count)}</Table.Td>
                          <Table.Td ta="right">{formatMoney(partner.revenue)}</Table.Td>
                          <Table.Td ta="right">{formatMoney(partner.commission)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </Card>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
