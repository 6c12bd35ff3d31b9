import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, problem, renderApp } from '../test/render';
import { ASSIGNMENT_ID, SPIFF_ID, seedOpportunity } from './fixtures';

const opportunity = { ...seedOpportunity, target_quantity: 50, actual_quantity: 20, actual_revenue: 20000 };
const milestone = (name: string, progress: number, threshold: number, percent: number, achieved: boolean, metric: 'units' | 'revenue' = 'units') => ({
  assignment_id: ASSIGNMENT_ID, spiff_id: SPIFF_ID, spiff_name: 'Q4 Laptop Promotion', milestone: name, metric, progress, threshold, percent, achieved,
  achieved_at: achieved ? '2025-02-01T10:00:00.000Z' : null, reward_amount: 250,
});
const MILESTONES = [milestone('Sell 10 laptops', 20, 10, 100, true), milestone('Sell 40 laptops', 20, 40, 50, false), milestone('Reach $50k', 20000, 50000, 40, false, 'revenue')];

describe('partner opportunities', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows progress to the target and to each milestone as bars with accessible values', async () => {
    mockApi({
      'GET /api/fulfillment/assignments/my-opportunities': () => ({ opportunities: [opportunity] }),
      'GET /api/fulfillment/milestones/my-progress': () => ({ milestones: MILESTONES }),
    });
    renderApp('/partner', { role: 'partner' });
    const card = await screen.findByRole('region', { name: 'Q4 Laptop Promotion' });
    const target = await within(card).findByRole('progressbar', { name: 'Progress to target: 40 %' });
    expect(target).toHaveAttribute('aria-valuenow', '40');
    expect(within(card).getByText('20 of 50 units · $20,000.00 revenue')).toBeVisible();

    const reached = await within(card).findByRole('progressbar', { name: 'Milestone “Sell 10 laptops” — reached: 100 %' });
    expect(reached).toHaveAttribute('aria-valuenow', '100');
    expect(within(card).getByRole('progressbar', { name: 'Milestone “Sell 40 laptops”: 50 %' })).toHaveAttribute('aria-valuenow', '50');
    expect(within(card).getByText('20 of 40 units · reward $250.00')).toBeVisible();
    expect(within(card).getByRole('progressbar', { name: 'Milestone “Reach $50k”: 40 %' })).toHaveAttribute('aria-valuenow', '40');
    expect(within(card).getByText('$20,000.00 of $50,000.00 · reward $250.00')).toBeVisible();
    expect(screen.getByText(/1 milestone reached/)).toBeVisible();
  });

  it('says when the milestone progress cannot be loaded, and shows it after a retry', async () => {
    let calls = 0;
    mockApi({
      'GET /api/fulfillment/assignments/my-opportunities': () => ({ opportunities: [opportunity] }),
      'GET /api/fulfillment/milestones/my-progress': () => (++calls === 1 ? problem(503, 'SERVICE_UNAVAILABLE', 'fulfillment is not answering') : { milestones: MILESTONES }),
    });
    renderApp('/partner', { role: 'partner' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Milestone progress is unavailable');
    expect(alert).toHaveTextContent('fulfillment is not answering');
    // The opportunity itself still shows.
    expect(screen.getByRole('progressbar', { name: 'Progress to target: 40 %' })).toBeInTheDocument();
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('progressbar', { name: 'Milestone “Sell 40 laptops”: 50 %' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
