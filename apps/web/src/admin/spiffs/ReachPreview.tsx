/**
 * "This spiff reaches N approved partners", before saving: `POST /api/spiffs/reach` counts whom the
 * targeting reaches by the very rule the fan-out applies (approved partners of the tiers, or the
 * approved ones among those listed), live as the admin changes the targeting.
 */
import { Alert, Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';
import { useApiQuery } from '../../api/query';
import { errorMessage } from '../../api/problem';
import { formatCount } from '../../format/format';
import { TIER_LABEL, TIERS } from '../common';

export type Targeting = Schemas['SpiffReachDto'];

export function useReach(targeting: Targeting) {
  const [debounced] = useDebouncedValue(targeting, 300);
  const empty = debounced.assignment_type === 'tier' ? !debounced.target_tiers?.length : !debounced.target_partners?.length;
  return useApiQuery(['/api/spiffs/reach', debounced], () => api.POST('/api/spiffs/reach', { body: debounced }), { enabled: !empty });
}

const partners = (n: number): string => `${formatCount(n)} approved partner${n === 1 ? '' : 's'}`;

export function ReachPreview({ targeting, current }: { targeting: Targeting; current?: number }) {
  const reach = useReach(targeting);
  const empty = targeting.assignment_type === 'tier' ? !targeting.target_tiers?.length : !targeting.target_partners?.length;
  if (empty) {
    return (
      <Alert color="gray" variant="light" title="Reach" aria-live="polite">
        {targeting.assignment_type === 'tier' ? 'Choose at least one tier to see whom this spiff reaches.' : 'Choose at least one partner to see whom this spiff reaches.'}
      </Alert>
    );
  }
  if (reach.isError) return <Alert color="red" title="Reach unknown" role="alert">{errorMessage(reach.error)}</Alert>;
  if (!reach.data) {
    return (
      <Alert color="gray" variant="light" title="Reach" aria-live="polite">
        <Loader size="xs" mr="xs" aria-hidden /> Counting partners…
      </Alert>
    );
  }
  const r = reach.data;
  const waiting = r.by_status.pending + r.by_status.suspended;
  const tiers = TIERS.filter((t) => r.approved_by_tier[t] !== undefined);
  return (
    <Alert color={r.approved_partners > 0 ? 'indigo' : 'yellow'} variant="light" title="Reach" aria-live="polite" data-testid="reach-preview">
      <Text fw={600}>
        This spiff reaches {partners(r.approved_partners)}
        {current !== undefined && r.approved_partners !== current ? ` (${formatCount(current)} assigned now)` : ''}.
      </Text>
      {tiers.length > 0 && (
        <Text size="sm">{tiers.map((t) => `${TIER_LABEL[t]}: ${formatCount(r.approved_by_tier[t] ?? 0)}`).join(' · ')}</Text>
      )}
      {waiting > 0 && (
        <Text size="sm" c="dimmed">
          {formatCount(r.by_status.pending)} pending and {formatCount(r.by_status.suspended)} suspended partners are targeted too: each joins once approved while the spiff runs.
        </Text>
      )}
      {r.unknown_partners.length > 0 && <Text size="sm" c="red">{r.unknown_partners.length} chosen ids name no partner.</Text>}
      {reach.isFetching && <Text size="xs" c="dimmed">Updating…</Text>}
    </Alert>
  );
}
