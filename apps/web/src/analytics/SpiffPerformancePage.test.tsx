import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, signInAs } from '../test/render';
import { formatBucket } from './periods';
import { SpiffReport, periodBefore } from './SpiffPerformancePage';

const report = {
  spiff_id: '0b6f5a3e-2222-4000-8000-000000000002', name: 'March Push', start_date: '2024-03-01', end_date: '2024-03-10',
  sales: 3, revenue: 2000, bonus_cost: 200, partners_assigned: 3, partners_sold: 2, revenue_during: 2250, revenue_before: 600, revenue_lift_percent: 275,
  open_disputes: 1, adjustments: 2, adjustment_amount: 37.5, burn_down: [],
};

describe('spiff performance', () => {
  beforeEach(() => void signInAs('analyst'));
  afterEach(() => vi.unstubAllGlobals());

  it('shows sales, bonus cost, partners who sold vs assigned and the lift against the period before', () => {
    render(<TestProviders><SpiffReport spiff={report} /></TestProviders>);
    expect(screen.getByRole('region', { name: 'Bonus cost' })).toHaveTextContent('$200.00');
    expect(screen.getByRole('region', { name: 'Partners who sold' })).toHaveTextContent('2 of 3');
    expect(screen.getByRole('progressbar', { name: '2 of 3 assigned partners sold' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Lift against the period before' })).toHaveTextContent('+275 %');
    expect(screen.getByRole('region', { name: 'Disputes open' })).toHaveTextContent('1');
    expect(screen.getByRole('region', { name: 'Adjusted through disputes' })).toHaveTextContent('$37.50');
    // 10 days: the 10 days just before (a leap February).
    expect(screen.getByRole('region', { name: 'The period before' })).toHaveTextContent('Feb 20, 2024 – Feb 29, 2024');
  });

  it('says when there was no revenue before instead of a lift', () => {
    render(<TestProviders><SpiffReport spiff={{ ...report, revenue_before: 0, revenue_lift_percent: null }} /></TestProviders>);
    expect(screen.getByRole('region', { name: 'Lift against the period before' })).toHaveTextContent('New revenue (none before)');
  });

  it('names buckets and periods by calendar date, whatever the time zone', () => {
    expect(periodBefore('2025-01-01', '2025-03-31')).toEqual({ start: '2024-10-03', end: '2024-12-31' });
    expect(formatBucket('2025-01-13', 'week', 'en-US')).toBe('Week of Jan 13, 2025');
    expect(formatBucket('2025-03-01', 'month', 'en-US')).toBe('Mar 2025');
    expect(formatBucket('2025-01-01', 'day', 'en-US')).toBe('Jan 1, 2025');
  });
});
