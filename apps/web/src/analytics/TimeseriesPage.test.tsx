import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, mockApi, problem, signInAs } from '../test/render';
import { TimeseriesFilters } from './TimeseriesFilters';
import type { SeriesFilters } from './TimeseriesFilters';
import { TimeseriesPage, defaultFilters, toQuery } from './TimeseriesPage';

const PARTNER = { id: '0b6f5a3e-1111-4000-8000-000000000001', name: 'TechCorp Partners Inc.', tier: 'gold', start_date: null, end_date: null };
const SPIFF = { id: '0b6f5a3e-2222-4000-8000-000000000002', name: 'Q4 Laptop Promotion', tier: null, start_date: '2025-01-01', end_date: '2025-03-31' };

function series(url: URL) {
  const q = Object.fromEntries(url.searchParams);
  return {
    metric: q.metric, interval: q.interval, from: q.from, to: q.to,
    points: [{ period: '2025-01-01', value: 2000 }, { period: '2025-02-01', value: 0 }, { period: '2025-03-01', value: 0.1 }],
  };
}

const dimensions = (request: Request) => {
  const kind = new URL(request.url).searchParams.get('kind');
  return { kind, items: kind === 'partner' ? [PARTNER] : kind === 'spiff' ? [SPIFF] : [] };
};

describe('the time series filters', () => {
  beforeEach(() => void signInAs('analyst'));
  afterEach(() => vi.unstubAllGlobals());

  /** The filters alone, their value kept in state and reported on each change. */
  function Harness({ seen, initial }: { seen: SeriesFilters[]; initial: SeriesFilters }) {
    const [value, setValue] = useState(initial);
    return <TimeseriesFilters value={value} onChange={(next) => (seen.push(next), setValue(next))} errors={{ to: 'to must not be before from' }} />;
  }

  it('changes metric, interval and dates, and shows a field error the API named', async () => {
    mockApi({ 'GET /api/analytics/dimensions': dimensions });
    const seen: SeriesFilters[] = [];
    render(<TestProviders><Harness seen={seen} initial={defaultFilters('2025-06-30')} /></TestProviders>);
    const user = userEvent.setup();

    await user.click(screen.getByRole('radio', { name: 'Commission' }));
    await user.click(screen.getByRole('radio', { name: 'Week' }));
    const from = screen.getByLabelText(/^From/);
    await user.clear(from);
    await user.type(from, '2025-01-01');
    expect(seen.at(-1)).toMatchObject({ metric: 'commission', interval: 'week', from: '2025-01-01', to: '2025-06-30' });
    expect(screen.getByLabelText(/^To/)).toHaveAccessibleDescription(/to must not be before from/);
  });

  it('finds a partner by name on the server, and a spiff turns the tier filter off', async () => {
    const api = mockApi({ 'GET /api/analytics/dimensions': dimensions });
    const seen: SeriesFilters[] = [];
    render(<TestProviders><Harness seen={seen} initial={{ ...defaultFilters('2025-06-30'), tier: 'gold' }} /></TestProviders>);
    const user = userEvent.setup();

    await user.type(screen.getByLabelText(/^Partner/, { selector: 'input' }), 'tech');
    await waitFor(() => expect(api.calls('GET /api/analytics/dimensions').some((c) => c.url.searchParams.get('search') === 'tech')).toBe(true));
    await user.click(await screen.findByRole('option', { name: 'TechCorp Partners Inc. (gold)', hidden: true }));
    expect(seen.at(-1)?.partner).toEqual({ value: PARTNER.id, label: 'TechCorp Partners Inc. (gold)' });
    expect(api.calls('GET /api/analytics/dimensions').every((c) => Number(c.url.searchParams.get('limit')) <= 50)).toBe(true);

    await user.click(screen.getByLabelText(/^Spiff/, { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: /Q4 Laptop Promotion \(Jan 1, 2025 – Mar 31, 2025\)/, hidden: true }));
    expect(seen.at(-1)).toMatchObject({ tier: null, spiff: { value: SPIFF.id } });
    expect(screen.getByLabelText(/^Tier/, { selector: 'input' })).toBeDisabled();
    expect(toQuery(seen.at(-1)!)).toEqual({ metric: 'revenue', interval: 'month', from: '2024-07-01', to: '2025-06-30', partner_id: PARTNER.id, spiff_id: SPIFF.id });
  });
});

describe('the time series screen', () => {
  beforeEach(() => void signInAs('analyst'));
  afterEach(() => vi.unstubAllGlobals());

  it('asks for the chosen series and lists every bucket with exact money', async () => {
    const api = mockApi({ 'GET /api/analytics/timeseries': (request) => series(new URL(request.url)), 'GET /api/analytics/dimensions': dimensions });
    render(<TestProviders><TimeseriesPage /></TestProviders>);
    const user = userEvent.setup();
    const from = screen.getByLabelText(/^From/);
    await user.clear(from);
    await user.type(from, '2025-01-01');
    const to = screen.getByLabelText(/^To/);
    await user.clear(to);
    await user.type(to, '2025-03-31');

    const table = await screen.findByRole('table', { name: 'Revenue by month' });
    expect(within(table).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(['Jan 2025$2,000.00', 'Feb 2025$0.00', 'Mar 2025$0.10']);
    expect(screen.getByText(/Jan 1, 2025 – Mar 31, 2025: \$2,000\.10 in all/)).toBeVisible();
    const last = api.calls('GET /api/analytics/timeseries').at(-1)!.url.searchParams;
    expect(Object.fromEntries(last)).toEqual({ metric: 'revenue', interval: 'month', from: '2025-01-01', to: '2025-03-31' });
  });

  it('shows the API’s message at the date it names', async () => {
    mockApi({
      'GET /api/analytics/timeseries': () => problem(400, 'VALIDATION_FAILED', 'to must not be before from', [{ field: 'to', reason: 'to must not be before from' }]),
      'GET /api/analytics/dimensions': dimensions,
    });
    render(<TestProviders><TimeseriesPage /></TestProviders>);
    await waitFor(() => expect(screen.getByLabelText(/^To/)).toHaveAccessibleDescription(/to must not be before from/));
    expect(screen.getByRole('alert')).toHaveTextContent('to must not be before from');
  });

  it('says so when nothing sold in the period', async () => {
    mockApi({
      'GET /api/analytics/timeseries': (request) => ({ ...series(new URL(request.url)), points: [{ period: '2025-01-01', value: 0 }] }),
      'GET /api/analytics/dimensions': dimensions,
    });
    render(<TestProviders><TimeseriesPage /></TestProviders>);
    expect(await screen.findByText('Nothing sold in this period')).toBeVisible();
  });
});

describe('the sales file download', () => {
  beforeEach(() => void signInAs('analyst'));
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("fetches the server's file with the screen's filters and the session's token, and saves it", async () => {
    const file = 'sale_id,sale_date\nf0e1d2c3-b4a5-4968-8778-695a4b3c2d1e,2025-01-15\n';
    const api = mockApi({
      'GET /api/analytics/timeseries': (request) => series(new URL(request.url)),
      'GET /api/analytics/dimensions': dimensions,
      'GET /api/analytics/export.csv': () => new Response(file, { headers: { 'content-type': 'text/csv; charset=utf-8' } }),
    });
    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (saved.push(blob as Blob), 'blob:x'));
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    render(<TestProviders><TimeseriesPage /></TestProviders>);
    const user = userEvent.setup();
    const from = screen.getByLabelText(/^From/);
    await user.clear(from);
    await user.type(from, '2025-01-01');
    await user.click(screen.getByLabelText(/^Tier/, { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'Gold', hidden: true }));

    await user.click(screen.getByRole('button', { name: 'Download these sales (CSV)' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    const [call] = api.calls('GET /api/analytics/export.csv');
    expect(Object.fromEntries(call.url.searchParams)).toEqual({ from: '2025-01-01', to: defaultFilters().to, tier: 'gold' });
    expect(call.headers.get('authorization')).toMatch(/^Bearer /);
    // The response's own Blob (fetch's, not jsdom's), saved as it came.
    expect(await saved[0].text()).toBe(file);
  });

  it('says why when the server refuses', async () => {
    mockApi({
      'GET /api/analytics/timeseries': (request) => series(new URL(request.url)),
      'GET /api/analytics/dimensions': dimensions,
      'GET /api/analytics/export.csv': () => problem(400, 'VALIDATION_FAILED', 'to must not be before from', [{ field: 'to', reason: 'must not be before from' }]),
    });
    render(<TestProviders><TimeseriesPage /></TestProviders>);
    await userEvent.click(screen.getByRole('button', { name: 'Download these sales (CSV)' }));
    expect(await screen.findByText(/The download failed: to must not be before from/)).toBeVisible();
  });
});
