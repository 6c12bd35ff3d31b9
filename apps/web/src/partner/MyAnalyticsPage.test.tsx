import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_PARTNER_ID, TestProviders, mockApi, problem, signInAs } from '../test/render';
import { MyAnalyticsPage } from './MyAnalyticsPage';

const metrics = (over: Record<string, number> = {}) => ({
  partner_id: TEST_PARTNER_ID, partner_name: 'TechCorp Partners Inc.',
  metrics: { total_sales: 1, total_revenue: 2000, total_commission: 440, base_commission: 240, spiff_bonus: 200, pending_commission: 440, approved_commission: 0, paid_commission: 0, active_assignments: 1, milestones_achieved: 0, milestone_rewards: 0, open_disputes: 1, adjustments: 2, adjustment_amount: 37.5, ...over },
});

describe('my analytics', () => {
  beforeEach(() => void signInAs('partner'));
  afterEach(() => vi.unstubAllGlobals());

  it('shows the API figures for the signed-in partner only', async () => {
    const api = mockApi({ 'GET /api/fulfillment/analytics/partner/{id}': () => metrics() });
    render(<TestProviders><MyAnalyticsPage /></TestProviders>);
    expect(await screen.findByRole('region', { name: 'Revenue' })).toHaveTextContent('$2,000.00');
    expect(screen.getByRole('region', { name: 'Sales' })).toHaveTextContent('1');
    expect(screen.getByRole('region', { name: 'Total commission' })).toHaveTextContent('$440.00');
    expect(screen.getByRole('region', { name: 'Base commission' })).toHaveTextContent('$240.00');
    expect(screen.getByRole('region', { name: 'Spiff bonus' })).toHaveTextContent('$200.00');
    expect(screen.getByRole('region', { name: 'Pending' })).toHaveTextContent('$440.00');
    expect(screen.getByRole('region', { name: 'Adjusted through disputes (2 lines)' })).toHaveTextContent('$37.50');
    expect(api.calls('GET /api/fulfillment/analytics/partner/{id}')[0].url.pathname).toBe(`/api/fulfillment/analytics/partner/${TEST_PARTNER_ID}`);
  });

  it('shows an empty state when the partner has sold nothing', async () => {
    mockApi({ 'GET /api/fulfillment/analytics/partner/{id}': () => metrics({ total_sales: 0, total_revenue: 0, total_commission: 0, base_commission: 0, spiff_bonus: 0, pending_commission: 0, open_disputes: 0, adjustments: 0, adjustment_amount: 0, active_assignments: 2 }) });
    render(<TestProviders><MyAnalyticsPage /></TestProviders>);
    expect(await screen.findByText('No sales yet')).toBeVisible();
    expect(screen.getByText(/TechCorp Partners Inc\. has not sold anything yet \(2 active opportunities\)/)).toBeVisible();
    expect(screen.queryByRole('region', { name: 'Revenue' })).toBeNull();
  });

  it('shows the API error', async () => {
    mockApi({ 'GET /api/fulfillment/analytics/partner/{id}': () => problem(503, 'SERVICE_UNAVAILABLE', 'fulfillment is not answering') });
    render(<TestProviders><MyAnalyticsPage /></TestProviders>);
    expect(await screen.findByRole('alert')).toHaveTextContent('fulfillment is not answering');
  });
});
