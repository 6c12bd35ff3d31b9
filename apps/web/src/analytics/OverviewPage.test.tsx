import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, mockApi, problem, renderApp, signInAs } from '../test/render';
import { OverviewPage } from './OverviewPage';

const seedOverview = {
  overview: { total_assignments: 3, active_assignments: 2, total_sales: 1, total_revenue: 2000, total_commission: 440 },
  top_partners: [{ partner_id: '0b6f5a3e-1111-4000-8000-000000000001', partner_name: 'TechCorp Partners Inc.', sales_count: 1, revenue: 2000, commission: 440 }],
};

describe('the analytics overview', () => {
  // Signed in: TestProviders' session would otherwise clear the query cache of a signed-out user.
  beforeEach(() => void signInAs('analyst'));
  afterEach(() => vi.unstubAllGlobals());

  it('shows the totals and the top partners as the API sends them', async () => {
    mockApi({ 'GET /api/analytics/overview': () => seedOverview });
    render(<TestProviders><OverviewPage /></TestProviders>);

    expect(await screen.findByRole('region', { name: 'Revenue' })).toHaveTextContent('$2,000.00');
    expect(screen.getByRole('region', { name: 'Sales' })).toHaveTextContent('1');
    expect(screen.getByRole('region', { name: 'Commission' })).toHaveTextContent('$440.00');
    expect(screen.getByRole('region', { name: 'Active assignments' })).toHaveTextContent('of 3 in all');
    const table = screen.getByRole('table', { name: 'Top 5 partners by revenue' });
    const [, row] = within(table).getAllByRole('row');
    expect(within(row).getByRole('rowheader')).toHaveTextContent('TechCorp Partners Inc.');
    expect(row).toHaveTextContent('$2,000.00');
    expect(row).toHaveTextContent('$440.00');
  });

  it('keeps cents exact (no float rounding) and says when nobody has sold yet', async () => {
    mockApi({
      'GET /api/analytics/overview': () => ({ overview: { ...seedOverview.overview, total_sales: 0, total_revenue: 1234567.89, total_commission: 0.07 }, top_partners: [] }),
    });
    render(<TestProviders><OverviewPage /></TestProviders>);
    expect(await screen.findByRole('region', { name: 'Revenue' })).toHaveTextContent('$1,234,567.89');
    expect(screen.getByRole('region', { name: 'Commission' })).toHaveTextContent('$0.07');
    expect(screen.getByText('No sales yet')).toBeVisible();
  });

  it('shows the API error with a way to try again', async () => {
    let calls = 0;
    mockApi({
      'GET /api/analytics/overview': () => (++calls === 1 ? problem(503, 'SERVICE_UNAVAILABLE', 'analytics is not answering') : seedOverview),
    });
    render(<TestProviders><OverviewPage /></TestProviders>);
    expect(await screen.findByRole('alert')).toHaveTextContent('analytics is not answering');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('region', { name: 'Revenue' })).toHaveTextContent('$2,000.00');
  });

  it('exports what it shows as CSV, money as exact decimals and names neutralized', async () => {
    mockApi({
      'GET /api/analytics/overview': () => ({ ...seedOverview, top_partners: [{ ...seedOverview.top_partners[0], partner_name: '=HYPERLINK("http://x")' }] }),
    });
    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (saved.push(blob as Blob), 'blob:x'));
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    render(<TestProviders><OverviewPage /></TestProviders>);
    await screen.findByRole('region', { name: 'Revenue' });
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader(); // jsdom's Blob has no text()
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(saved[0]);
    });
    expect(text.split('\n')).toEqual([
      'section,partner_id,partner_name,sales,revenue,commission,assignments,active_assignments',
      'total,,,1,2000.00,440.00,3,2',
      `top_partner,${seedOverview.top_partners[0].partner_id},"'=HYPERLINK(""http://x"")",1,2000.00,440.00,,`,
      '',
    ]);
  });

  it('is the analyst’s home, with links to the other analytics screens', async () => {
    mockApi({ 'GET /api/analytics/overview': () => seedOverview });
    renderApp('/analytics', { role: 'analyst' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Analytics overview' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Time series' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Spiff performance' })).toBeVisible();
  });
});
