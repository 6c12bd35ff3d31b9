import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureDownloads, contentOf } from '../../test/fake-upload';
import { TestProviders, mockApi, signInAs } from '../../test/render';
import { CommissionDrawer } from './CommissionDrawer';
import { CommissionQueuePage } from './CommissionQueuePage';

const ID = '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c01';
const ADMIN = '5d2c9a10-0000-4000-8000-0000000000aa';
const detail = (over: Record<string, unknown> = {}) => ({
  id: ID, kind: 'sale', partner_id: '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70', partner_name: 'TechCorp Partners Inc.', sale_id: null, product_id: null, milestone_achievement_id: null, return_id: null,
  sale_date: '2025-01-15', revenue: 2000, commission_amount: 240, spiff_bonus: 200, reward_amount: 0, total_commission: 440, spiffs_applied: [],
  status: 'paid', status_reason: null, payout_reference: 'PAYOUT-2025-02',
  trace: {
    tier: 'gold', commission_rate: '12', revenue: '2000', quantity: 2, rounding: 'half-up',
    spiffs: [{ spiff_id: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Q4 Laptop Promotion', applied: true, reason: 'eligible', incentive_type: 'fixed', incentive_amount: '100', bonus_exact: '200', bonus: '200' }],
  },
  created_at: '2025-01-15T10:30:00.000Z', updated_at: '2025-02-01T09:00:00.000Z',
  history: [
    { from_status: null, to_status: 'pending', reason: null, changed_by: null, changed_by_email: null, changed_at: '2025-01-15T10:30:00.000Z' },
    { from_status: 'pending', to_status: 'approved', reason: 'checked against the invoice', changed_by: ADMIN, changed_by_email: 'finance@vendor.example', changed_at: '2025-01-20T10:00:00.000Z' },
    { from_status: 'approved', to_status: 'paid', reason: null, changed_by: ADMIN, changed_by_email: null, changed_at: '2025-02-01T09:00:00.000Z' },
  ],
  ...over,
});

describe('the commission line drawer', () => {
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it('shows the trace and the audit history of status changes', async () => {
    const api = mockApi({ 'GET /api/commissions/{id}': () => detail() });
    render(<TestProviders><CommissionDrawer id={ID} onClose={vi.fn()} /></TestProviders>);
    const drawer = await screen.findByRole('dialog', { name: 'Commission line' });
    expect(await within(drawer).findByText('Base: 12 % (gold tier) of 2,000.00 = 240.00')).toBeVisible();
    expect(within(drawer).getByText('Q4 Laptop Promotion: 100.00 × 2 = 200.00')).toBeVisible();
    expect(within(drawer).getByText('Booked as pending')).toBeVisible();
    expect(within(drawer).getByText('pending → approved')).toBeVisible();
    expect(within(drawer).getByText('checked against the invoice')).toBeVisible();
    expect(within(drawer).getByText('approved → paid')).toBeVisible();
    expect(within(drawer).getByText(/by finance@vendor\.example/)).toBeVisible();
    expect(within(drawer).getByText(/by user 5d2c9a10/)).toBeVisible(); // a user the partners service no longer knows
    expect(within(drawer).getByText(/by the ledger/)).toBeVisible();
    expect(within(drawer).getByText('PAYOUT-2025-02')).toBeVisible();
    expect(api.calls('GET /api/commissions/{id}')[0].url.pathname).toBe(`/api/commissions/${ID}`);
  });

  it('keeps the line in the drawer while it slides closed, and asks the API for it once', async () => {
    const api = mockApi({ 'GET /api/commissions/{id}': () => detail() });
    const view = render(<TestProviders><CommissionDrawer id={ID} onClose={vi.fn()} /></TestProviders>);
    const drawer = await screen.findByRole('dialog', { name: 'Commission line' });
    await within(drawer).findByText('approved → paid');
    view.rerender(<TestProviders><CommissionDrawer id={null} onClose={vi.fn()} /></TestProviders>);
    const closing = screen.getByRole('dialog', { hidden: true });
    expect(closing).toHaveTextContent('approved → paid');
    expect(closing).not.toHaveTextContent('Loading the line');
    await waitFor(() => expect(screen.queryByRole('dialog', { hidden: true })).toBeNull());
    expect(api.calls('GET /api/commissions/{id}')).toHaveLength(1);
  });

  it('names an adjustment line’s kind in words', async () => {
    mockApi({
      'GET /api/commissions/{id}': () =>
        detail({ kind: 'adjustment', sale_date: null, trace: { rounding: 'half-up', adjustment: { dispute_id: 'd1', disputed_line_id: 'l1', reason: 'the bonus is missing', answer: 'agreed', adjustment_amount: '100' } } }),
    });
    render(<TestProviders><CommissionDrawer id={ID} onClose={vi.fn()} /></TestProviders>);
    const drawer = await screen.findByRole('dialog', { name: 'Commission line' });
    expect(await within(drawer).findByText('Adjustment (dispute)')).toBeVisible();
    expect(within(drawer).queryByText('adjustment')).toBeNull();
  });
});

describe('the commission queue CSV export', () => {
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it('asks the API for the filtered lines and saves what it streams', async () => {
    const CSV = 'id,partner,total\r\n9b8a,TechCorp Partners Inc.,440.00\r\n';
    const api = mockApi({
      'GET /api/commissions': () => ({ items: [], total: 0, page: 1, page_size: 50 }),
      'GET /api/spiffs': () => ({ items: [], total: 0, page: 1, page_size: 500 }),
      'GET /api/partners': () => ({ items: [], total: 0, page: 1, page_size: 20 }),
      'GET /api/commissions/export.csv': () => new Response(CSV, { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } }),
    });
    const saved = captureDownloads();
    render(<TestProviders><CommissionQueuePage /></TestProviders>);
    await userEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    const [call] = api.calls('GET /api/commissions/export.csv');
    expect(call.url.searchParams.get('status')).toBe('pending');
    expect(saved[0].name).toBe('commissions-pending.csv');
    expect(await contentOf(saved[0].blob)).toBe(CSV);
  });
});
