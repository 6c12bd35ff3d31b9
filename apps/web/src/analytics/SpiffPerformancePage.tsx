/** What one spiff did: sales, revenue, bonus cost, partners who sold vs assigned, lift against the period before. */
import { Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { formatCount, formatDate, formatMoney, formatPeriod, formatRate, toFixedAmount } from '../format/format';
import { EmptyState, QueryState } from '../ui/states';
import { useSpiffPerformance } from './api';
import type { SpiffPerformance } from './api';
import { DimensionSelect } from './DimensionSelect';
import type { Choice } from './DimensionSelect';
import { downloadCsv } from './export';
import { Stat } from './OverviewPage';
import { addDays } from './periods';

/** The same-length period just before the spiff's. */
export function periodBefore(start: string, end: string): { start: string; end: string } {
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
  return { start: addDays(start, -days), end: addDays(start, -1) };
}

export function spiffCsv(s: SpiffPerformance): string {
  const before = periodBefore(s.start_date, s.end_date);
  return downloadCsv(
    `spiffworks-spiff-${s.spiff_id}.csv`,
    ['spiff_id', 'name', 'start_date', 'end_date', 'sales', 'revenue', 'bonus_cost', 'partners_assigned', 'partners_sold', 'revenue_during', 'before_start', 'before_end', 'revenue_before', 'revenue_lift_percent'],
    [[s.spiff_id, s.name, s.start_date, s.end_date, s.sales, toFixedAmount(s.revenue), toFixedAmount(s.bonus_cost), s.partners_assigned, s.partners_sold,
      toFixedAmount(s.revenue_during), before.start, before.end, toFixedAmount(s.revenue_before), s.revenue_lift_percent === null ? null : toFixedAmount(s.revenue_lift_percent)]],
  );
}

function lift(s: SpiffPerformance): { text: string; color: string } {
  if (s.revenue_lift_percent === null) return { text: s.revenue_during > 0 ? 'New revenue (none before)' : 'No revenue before or during', color: 'gray' };
  const sign = s.revenue_lift_percent > 0 ? '+' : '';
  return { text: `${sign}${formatRate(s.revenue_lift_percent)}`, color: s.revenue_lift_percent >= 0 ? 'teal' : 'red' };
}

export function SpiffReport({ spiff }: { spiff: SpiffPerformance }) {
  const before = periodBefore(spiff.start_date, spiff.end_date);
  const reach = spiff.partners_assigned === 0 ? 0 : (spiff.partners_sold * 100) / spiff.partners_assigned;
  const change = lift(spiff);
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2} size="h3">
            {spiff.name}
          </Title>
          <Text c="dimmed">{formatPeriod(spiff.start_date, spiff.end_date)}</Text>
        </div>
        <Button variant="default" onClick={() => spiffCsv(spiff)}>
          Export CSV
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <Stat label="Sales with a bonus" value={formatCount(spiff.sales)} />
        <Stat label="Their revenue" value={formatMoney(spiff.revenue)} />
        <Stat label="Bonus cost" value={formatMoney(spiff.bonus_cost)} />
        <Stat label="Partners who sold" value={`${formatCount(spiff.partners_sold)} of ${formatCount(spiff.partners_assigned)}`} hint="assigned partners with a bonus-paying sale" />
        <Stat label="Disputes open" value={formatCount(spiff.open_disputes)} hint="of lines this spiff paid a bonus on" />
        <Stat label="Adjusted through disputes" value={formatMoney(spiff.adjustment_amount)} hint={`${formatCount(spiff.adjustments)} adjustment line${spiff.adjustments === 1 ? '' : 's'}`} />
      </SimpleGrid>
      <Card withBorder padding="md" component="section" aria-labelledby="reach-title">
        <Title order={3} size="h4" id="reach-title" mb="xs">
          Partners who sold vs assigned
        </Title>
        <Progress value={reach} size="lg" aria-label={`${formatCount(spiff.partners_sold)} of ${formatCount(spiff.partners_assigned)} assigned partners sold`} />
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="lift-title">
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h4" id="lift-title">
            Lift against the period before
          </Title>
          <Badge color={change.color} variant="light" size="lg">
            {change.text}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed" mb="sm">
          Revenue of the spiff&apos;s products, by every partner.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Stat label="During the spiff" value={formatMoney(spiff.revenue_during)} hint={formatPeriod(spiff.start_date, spiff.end_date)} />
          <Stat label="The period before" value={formatMoney(spiff.revenue_before)} hint={`${formatDate(before.start)} – ${formatDate(before.end)}`} />
        </SimpleGrid>
      </Card>
    </Stack>
  );
}

export function SpiffPerformancePage() {
  const search = useSearch({ strict: false }) as { spiff_id?: string; spiff_name?: string };
  const navigate = useNavigate();
  const chosen: Choice | null = search.spiff_id ? { value: search.spiff_id, label: search.spiff_name ?? search.spiff_id } : null;
  const report = useSpiffPerformance(search.spiff_id);
  const choose = (choice: Choice | null): void => {
    void navigate({ to: '.', search: choice ? { spiff_id: choice.value, spiff_name: choice.label } : {}, replace: true });
  };
  return (
    <Stack>
      <div>
        <Title order={1}>Spiff performance</Title>
        <Text c="dimmed">Sales, revenue and bonus cost of one spiff; who sold; and revenue against the same-length period before.</Text>
      </div>
      <Card withBorder padding="md" maw={560}>
        <DimensionSelect kind="spiff" label="Spiff" placeholder="Search spiffs by name" value={chosen} onChange={choose} />
      </Card>
      {!search.spiff_id ? (
        <EmptyState title="Choose a spiff">Search for a spiff by name to see what it did.</EmptyState>
      ) : (
        <QueryState query={report} loadingLabel="Loading the spiff…">
          {(spiff) => <SpiffReport spiff={spiff} />}
        </QueryState>
      )}
    </Stack>
  );
}
