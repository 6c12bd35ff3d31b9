import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureDownloads, contentOf } from '../test/fake-upload';
import { TestProviders, signInAs } from '../test/render';
import { SpiffReport } from './SpiffPerformancePage';

const report = {
  spiff_id: '0b6f5a3e-2222-4000-8000-000000000002', name: 'March Push', start_date: '2024-03-01', end_date: '2024-03-10',
  sales: 3, revenue: 2000, bonus_cost: 200.5, partners_assigned: 3, partners_sold: 2, revenue_during: 2250, revenue_before: 600, revenue_lift_percent: 275,
  open_disputes: 1, adjustments: 2, adjustment_amount: 37.5, burn_down: [],
};

describe('spiff performance CSV export', () => {
  beforeEach(() => void signInAs('analyst'));
  afterEach(() => vi.unstubAllGlobals());

  it('saves the report as a CSV file, money as exact decimals, with the period before', async () => {
    const saved = captureDownloads();
    render(<TestProviders><SpiffReport spiff={report} /></TestProviders>);
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(saved).toHaveLength(1);
    expect(saved[0].name).toBe(`spiffworks-spiff-${report.spiff_id}.csv`);
    const [header, row] = (await contentOf(saved[0].blob)).trim().split(/\r?\n/);
    expect(header).toBe('spiff_id,name,start_date,end_date,sales,revenue,bonus_cost,partners_assigned,partners_sold,revenue_during,before_start,before_end,revenue_before,revenue_lift_percent');
    expect(row).toBe(`${report.spiff_id},March Push,2024-03-01,2024-03-10,3,2000.00,200.50,3,2,2250.00,2024-02-20,2024-02-29,600.00,275.00`);
  });
});
