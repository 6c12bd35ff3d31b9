import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, mockApi, problem, signInAs } from '../../test/render';
import { CommissionQueuePage } from './CommissionQueuePage';

const line = (id: string, partner_name: string, total: number) => ({
  id, kind: 'sale', partner_id: '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70', partner_name, sale_id: null, product_id: null, milestone_achievement_id: null, return_id: null,
  sale_date: '2025-01-15', revenue: 2000, commission_amount: 240, spiff_bonus: total - 240, reward_amount: 0, total_commission: total, spiffs_applied: [],
  status: 'pending', status_reason: null, payout_reference: null, trace: { rounding: 'half-up' }, created_at: '2025-01-15T10:30:00.000Z', updated_at: '2025-01-15T10:30:00.000Z',
});
const LINES = [line('9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c01', 'TechCorp Partners Inc.', 440), line('9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c02', 'Acme Resellers', 240)];

function setup(extra: Record<string, (request: Request, body: unknown) => unknown> = {}) {
  const api = mockApi({
    'GET /api/commissions': () => ({ items: LINES, total: 2, page: 1, page_size: 50 }),
    'GET /api/spiffs': () => ({ items: [], total: 0, page: 1, page_size: 500 }),
    'GET /api/partners': () => ({ items: [], total: 0, page: 1, page_size: 20 }),
    ...extra,
  });
  render(<TestProviders><CommissionQueuePage /></TestProviders>);
  return { api, user: userEvent.setup() };
}

describe('CommissionQueuePage', () => {
  // Signed in: TestProviders' session clears the query cache of a signed-out user.
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it('lists pending lines with their money exactly as the API sends it', async () => {
    const { api } = setup();
    const table = await screen.findByRole('table', { name: 'Commission lines' });
    expect(within(table).getByText('TechCorp Partners Inc.')).toBeVisible();
    expect(within(table).getByText('$440.00')).toBeVisible();
    expect(api.calls('GET /api/commissions')[0].url.searchParams.get('status')).toBe('pending');
  });

  it('filters by every status of the ledger, awaiting review included', async () => {
    const { api, user } = setup();
    await screen.findByRole('table', { name: 'Commission lines' });
    await user.click(screen.getByLabelText(/^Status/, { selector: 'input' }));
    for (const label of ['Pending', 'Approved', 'Paid', 'Rejected']) expect(await screen.findByRole('option', { name: label, hidden: true })).toBeInTheDocument();
    await user.click(await screen.findByRole('option', { name: 'Awaiting review', hidden: true }));
    await waitFor(() => expect(api.calls('GET /api/commissions').at(-1)?.url.searchParams.get('status')).toBe('awaiting_review'));
  });

  it('selects many lines and approves them in one move', async () => {
    const { api, user } = setup({ 'POST /api/commissions/approve': (_r, body) => ({ items: (body as { ids: string[] }).ids.map((id) => ({ ...LINES[0], id, status: 'approved' })) }) });
    await screen.findByRole('table', { name: 'Commission lines' });
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'Select every line on this page' }));
    expect(screen.getByText('2 lines selected')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(api.calls('POST /api/commissions/approve')).toHaveLength(1));
    expect(api.calls('POST /api/commissions/approve')[0].body).toEqual({ ids: LINES.map((l) => l.id) });
    expect(await screen.findByText('2 lines approved.')).toBeVisible();
  });

  it('requires a reason to reject, then sends it with the selected lines only', async () => {
    const { api, user } = setup({ 'POST /api/commissions/reject': (_r, body) => ({ items: (body as { ids: string[] }).ids.map((id) => ({ ...LINES[0], id, status: 'rejected' })) }) });
    await screen.findByRole('table', { name: 'Commission lines' });
    await user.click(screen.getByRole('checkbox', { name: /Select the line of Acme Resellers/ }));
    await user.click(screen.getByRole('button', { name: 'Reject…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reject 1 line' });
    await user.click(within(dialog).getByRole('button', { name: 'Reject lines' }));
    expect(await within(dialog).findByText('Give the reason: the partner and the audit history see it.')).toBeVisible();
    expect(api.calls('POST /api/commissions/reject')).toHaveLength(0);

    await user.type(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'duplicate of an earlier sale');
    await user.click(within(dialog).getByRole('button', { name: 'Reject lines' }));
    await waitFor(() => expect(api.calls('POST /api/commissions/reject')).toHaveLength(1));
    expect(api.calls('POST /api/commissions/reject')[0].body).toEqual({ ids: [LINES[1].id], reason: 'duplicate of an earlier sale' });
  });

  it('requires a payout reference to pay, and shows an all-or-nothing refusal in the dialog', async () => {
    const { api, user } = setup({
      'POST /api/commissions/pay': () => problem(409, 'COMMISSION_STATUS_CONFLICT', `commission ${LINES[0].id} is pending; it cannot be paid`),
    });
    await screen.findByRole('table', { name: 'Commission lines' });
    await user.click(screen.getByRole('checkbox', { name: 'Select every line on this page' }));
    await user.click(screen.getByRole('button', { name: 'Pay…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Pay 2 lines' });
    await user.click(within(dialog).getByRole('button', { name: 'Mark as paid' }));
    expect(await within(dialog).findByText('Enter the payout batch or transfer reference.')).toBeVisible();
    expect(api.calls('POST /api/commissions/pay')).toHaveLength(0);
    await user.type(within(dialog).getByRole('textbox', { name: /^Payout reference/ }), 'PAYOUT-2025-02');
    await user.click(within(dialog).getByRole('button', { name: 'Mark as paid' }));
    expect(await within(dialog).findByText(/is pending; it cannot be paid/)).toBeVisible();
    expect(api.calls('POST /api/commissions/pay')[0].body).toEqual({ ids: LINES.map((l) => l.id), payout_reference: 'PAYOUT-2025-02' });
  });

  it('pays, and the closing dialog still reads "Pay 2 lines", button and all, after the selection empties', async () => {
    const { user } = setup({ 'POST /api/commissions/pay': (_r, body) => ({ items: (body as { ids: string[] }).ids.map((id) => ({ ...LINES[0], id, status: 'paid' })) }) });
    await screen.findByRole('table', { name: 'Commission lines' });
    await user.click(screen.getByRole('checkbox', { name: 'Select every line on this page' }));
    await user.click(screen.getByRole('button', { name: 'Pay…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Pay 2 lines' });
    await user.type(within(dialog).getByRole('textbox', { name: /^Payout reference/ }), 'PAYOUT-2025-02');
    await user.click(within(dialog).getByRole('button', { name: 'Mark as paid' }));
    expect(await screen.findByText('2 lines paid.')).toBeVisible();
    const closing = screen.getByRole('dialog', { hidden: true });
    expect(closing).toHaveAccessibleName('Pay 2 lines');
    expect(within(closing).getByRole('button', { name: 'Mark as paid', hidden: true })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog', { hidden: true })).toBeNull());
  });
});
