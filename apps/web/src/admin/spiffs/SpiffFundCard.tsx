/**
 * A budgeted spiff's fund: committed, remaining and when it runs out, with the burn-down (Σ bonus by
 * sale day) against the fund. Reads GET /api/spiffs/{id} (the fund as fulfillment holds it) and the
 * spiff's analytics (the burn-down series).
 */
import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Card, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';
import { useApiQuery } from '../../api/query';
import { formatDate, formatMoney } from '../../format/format';
import { ProgressBar } from '../../ui/ProgressBar';
import { QueryState } from '../../ui/states';

type Budget = NonNullable<Schemas['SpiffDetailResponse']['budget']>;

/** The words under the numbers: what is left, and when it runs out. */
export function fundSummary(budget: Budget): string {
  if (budget.remaining <= 0) return `Fund exhausted${budget.forecast_exhausted_on ? ` on ${formatDate(budget.forecast_exhausted_on)}` : ''}: sales earn no bonus from this spiff.`;
  if (!budget.forecast_exhausted_on) return `${formatMoney(budget.remaining)} left; nothing was granted in the last 7 days.`;
  return `${formatMoney(budget.remaining)} left; at the last 7 days' pace it runs out on ${formatDate(budget.forecast_exhausted_on)}.`;
}

export function FundFigures({ budget, burnDown }: { budget: Budget; burnDown: Schemas['SpiffBurnDownDayResponse'][] }) {
  const percent = budget.amount > 0 ? (budget.committed / budget.amount) * 100 : 0;
  return (
    <Card withBorder aria-label="Fund">
      <Stack gap="sm">
        <Title order={3} size="h4">Fund</Title>
        <Group grow>
          <div><Text size="xs" c="dimmed">Budget</Text><Text fw={600}>{formatMoney(budget.amount)}</Text></div>
          <div><Text size="xs" c="dimmed">Committed</Text><Text fw={600}>{formatMoney(budget.committed)}</Text></div>
          <div><Text size="xs" c="dimmed">Remaining</Text><Text fw={600}>{formatMoney(budget.remaining)}</Text></div>
          {budget.per_partner_cap !== null && <div><Text size="xs" c="dimmed">Per-partner cap</Text><Text fw={600}>{formatMoney(budget.per_partner_cap)}</Text></div>}
        </Group>
        <ProgressBar label="Committed of the fund" value={percent} detail={`${Math.round(percent)} %`} color={percent >= 100 ? 'red' : percent >= 80 ? 'orange' : undefined} />
        <Text size="sm">{fundSummary(budget)}</Text>
        {burnDown.length > 0 && (
          <figure style={{ margin: 0 }}>
            <LineChart
              h={200}
              data={burnDown.map((d) => ({ day: d.day, cumulative: d.cumulative, fund: budget.amount }))}
              dataKey="day"
              series={[{ name: 'cumulative', label: 'Bonus committed', color: 'indigo.6' }, { name: 'fund', label: 'Fund', color: 'red.6' }]}
              valueFormatter={(v) => formatMoney(v)}
              withLegend
            />
            <VisuallyHidden component="figcaption">
              Burn-down: {burnDown.map((d) => `${d.day} ${formatMoney(d.cumulative)}`).join(', ')}
            </VisuallyHidden>
          </figure>
        )}
      </Stack>
    </Card>
  );
}

export function SpiffFundCard({ spiffId }: { spiffId: string }) {
  const detail = useApiQuery(['/api/spiffs/{id}', spiffId], () => api.GET('/api/spiffs/{id}', { params: { path: { id: spiffId } } }));
  const analytics = useApiQuery(['/api/analytics/spiffs/{id}', spiffId], () => api.GET('/api/analytics/spiffs/{id}', { params: { path: { id: spiffId } } }));
  return (
    <QueryState query={detail} loadingLabel="Loading the fund…">
      {(spiff) => (spiff.budget ? <FundFigures budget={spiff.budget} burnDown={analytics.data?.burn_down ?? []} /> : <Text size="sm" c="dimmed">No fund: this spiff pays every bonus its terms earn.</Text>)}
    </QueryState>
  );
}
