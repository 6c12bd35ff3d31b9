import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_PARTNER_ID, TestProviders, mockApi, problem, signInAs } from '../test/render';
import { SPIFF_ID } from './fixtures';
import { MyCommissionsPage } from './MyCommissionsPage';

const SEED_TRACE = {
  tier: 'gold', commission_rate: '12', revenue: '2000', quantity: 2, base_exact: '240', rounding: 'half-up',
  spiffs: [{ spiff_id: SPIFF_ID, name: 'Q4 Laptop Promotion', applied: true, reason: 'eligible', incentive_type: 'fixed', incentive_amount: '100', bonus_exact: '200', bonus: '200' }],
};
const line = (id: string, status: string, over: Record<string, unknown> = {}) => ({
  id, kind: 'sale', partner_id: TEST_PARTNER_ID, sale_id: null, product_id: null, milestone_achievement_id: null, return_id: null,
  sale_date: '2025-01-15', revenue: 2000, commission_amount: 240, spiff_bonus: 200, reward_amount: 0, total_commission: 440, spiffs_applied: [],
  status, status_reason: null, payout_reference: null, trace: SEED_TRACE, open_dispute_id: null,
  created_at: '2025-01-15T10:30:00.000Z', updated_at: '2025-01-15T10:30:00.000Z', ...over,
});
const BY_STATUS: Record<string, unknown[]> = {
  pending: [line('9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c01', 'pending')],
  approved: [],
  paid: [line('9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c02', 'paid', { total_commission: 120, commission_amount: 120, spiff_bonus: 0, payout_reference: 'PAYOUT-2025-02', trace: { ...SEED_TRACE, revenue: '1000', spiffs: [] } })],
};
const METRICS = {
  partner_id: TEST_PARTNER_ID, partner_name: 'TechCorp Partners Inc.',
  metrics: { total_sales: 2, total_revenue: 3000, total_commission: 560, base_commission: 360, spiff_bonus: 200, pending_commission: 440, approved_commission: 0, paid_commission: 120, active_assignments: 1, milestones_achieved: 0, milestone_rewards: 0, open_disputes: 0, adjustments: 0, adjustment_amount: 0 },
};

function setup(metrics: () => unknown = () => METRICS) {
  const api = mockApi({
    'GET /api/commissions/my-commissions': (request) => {
      const items = BY_STATUS[new URL(request.url).searchParams.get('status') ?? ''] ?? [];
      return { items, total: items.length, page: 1, page_size: 20 };
    },
    'GET /api/fulfillment/analytics/partner/{id}': metrics,
  });
  render(<TestProviders><MyCommissionsPage /></TestProviders>);
  return { api, user: userEvent.setup() };
}

describe('my commissions', () => {
  beforeEach(() => void signInAs('partner'));
  afterEach(() => vi.unstubAllGlobals());

  it('shows a line with its trace in words, and filters the lines by the status tabs', async () => {
    const { api, user } = setup();
    const pending = await screen.findByRole('table', { name: 'Pending commissions' });
    expect(within(pending).getByText('12 % of 2,000.00 = 240.00; Q4 Laptop Promotion: 100.00 × 2 = 200.00')).toBeVisible();
    expect(within(pending).getByText('$440.00')).toBeVisible();
    expect(api.calls('GET /api/commissions/my-commissions')[0].url.searchParams.get('status')).toBe('pending');

    await user.click(screen.getByRole('tab', { name: 'Paid' }));
    const paid = await screen.findByRole('table', { name: 'Paid commissions' });
    expect(within(paid).getByText('12 % of 1,000.00 = 120.00')).toBeVisible();
    expect(within(paid).getByText('Payout reference PAYOUT-2025-02')).toBeVisible();
    expect(within(paid).queryByText('$440.00')).toBeNull();
    expect(screen.queryByRole('table', { name: 'Pending commissions' })).toBeNull();
    expect(api.calls('GET /api/commissions/my-commissions').at(-1)?.url.searchParams.get('status')).toBe('paid');

    await user.click(screen.getByRole('tab', { name: 'Approved' }));
    expect(await screen.findByText('No approved commissions')).toBeVisible();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows the totals by status from the API', async () => {
    setup();
    const totals = await screen.findByRole('region', { name: 'Totals by status' });
    expect(totals).toHaveTextContent('Pending $440.00');
    expect(totals).toHaveTextContent('Approved $0.00');
    expect(totals).toHaveTextContent('Paid $120.00');
  });

  it('shows the totals loading, then their error with a retry', async () => {
    let calls = 0;
    let answer: (value: Response) => void = () => {};
    setup(() => (++calls === 1 ? new Promise<Response>((resolve) => (answer = resolve)) : METRICS));
    expect(await screen.findByText('Loading your totals…')).toBeVisible();
    answer(problem(503, 'SERVICE_UNAVAILABLE', 'fulfillment is not answering'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your totals are unavailable');
    expect(alert).toHaveTextContent('fulfillment is not answering');
    expect(screen.queryByText('Loading your totals…')).toBeNull();
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Totals by status' })).toHaveTextContent('Pending $440.00'));
  });
});
