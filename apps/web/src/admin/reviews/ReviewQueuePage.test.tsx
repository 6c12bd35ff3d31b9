import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, mockApi, signInAs } from '../../test/render';
import { ReviewQueuePage } from './ReviewQueuePage';

const SALE = 'f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e';
const OTHER_LINE = '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c99';
const item = (id: string, partner_name: string, over: Record<string, unknown> = {}) => ({
  line: {
    id, kind: 'sale', partner_id: '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70', partner_name, sale_id: SALE, product_id: null, milestone_achievement_id: null, return_id: null,
    sale_date: '2025-01-15', revenue: 2000, commission_amount: 240, spiff_bonus: 200, reward_amount: 0, total_commission: 440, spiffs_applied: [],
    status: 'awaiting_review', status_reason: null, payout_reference: null, trace: { rounding: 'half-up' }, created_at: '2025-01-15T10:30:00.000Z', updated_at: '2025-01-15T10:30:00.000Z',
  },
  invoice_number: 'INV-2025-001',
  attachments: [{ id: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e', content_type: 'image/png', size: 48213, sha256: 'ab'.repeat(32), added_at: '2025-01-16T09:00:00.000Z' }],
  duplicates: [],
  ...over,
});
const ITEMS = [
  item('9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c01', 'TechCorp Partners Inc.', {
    duplicates: [{ kind: 'invoice', key: 'inv2025001', other_sale_id: '11111111-2222-4333-8444-555555555555', other_line_id: OTHER_LINE, other_partner_id: '22222222-3333-4444-8555-666666666666' }],
  }),
  item('9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c02', 'Acme Resellers', { attachments: [] }),
];

function setup() {
  const api = mockApi({
    'GET /api/commissions/reviews': () => ({ items: ITEMS, total: 2, page: 1, page_size: 20 }),
    'GET /api/spiffs': () => ({ items: [], total: 0, page: 1, page_size: 500 }),
    'GET /api/partners': () => ({ items: [], total: 0, page: 1, page_size: 20 }),
    'GET /api/fulfillment/sales/{id}/attachments/{attachment_id}': () => new Response(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }), { headers: { 'content-type': 'image/png' } }),
    'POST /api/commissions/review': (_r, body) => {
      const b = body as { ids: string[]; decision: string };
      return { items: b.ids.map((id) => ({ ...ITEMS[0].line, id, status: b.decision === 'approve' ? 'pending' : 'rejected' })) };
    },
  });
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:proof', revokeObjectURL: () => undefined }));
  render(<TestProviders><ReviewQueuePage /></TestProviders>);
  return { api, user: userEvent.setup() };
}

describe('ReviewQueuePage', () => {
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it('lists lines awaiting review with their proof inline (fetched with the token) and duplicate flags', async () => {
    const { api } = setup();
    const card = await screen.findByRole('article', { name: 'TechCorp Partners Inc., sale of 15 Jan 2025' }).catch(() => screen.findByRole('article', { name: /TechCorp Partners Inc\./ }));
    expect(api.calls('GET /api/commissions/reviews')[0].url.searchParams.get('status')).toBe('awaiting_review');
    expect(within(card).getByText('Same invoice number claimed by another partner')).toBeVisible();
    expect(within(card).getByRole('button', { name: "Open the other claim's line" })).toBeVisible();
    expect(await within(card).findByRole('img', { name: /Proof of sale \(image\/png/ })).toHaveAttribute('src', 'blob:proof');
    const download = api.calls('GET /api/fulfillment/sales/{id}/attachments/{attachment_id}')[0];
    expect(download.headers.get('authorization')).toMatch(/^Bearer /);
    expect(within(await screen.findByRole('article', { name: /Acme Resellers/ })).getByText('No proof attached yet')).toBeVisible();
  });

  it('declines only with a reason, and approves the selected lines in one call', async () => {
    const { api, user } = setup();
    await user.click(await screen.findByRole('button', { name: /^Decline TechCorp/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Decline the proof' });
    await user.click(within(dialog).getByRole('button', { name: 'Decline' }));
    expect(await within(dialog).findByText('Give the reason: the partner reads it on the line.')).toBeVisible();
    expect(api.calls('POST /api/commissions/review')).toHaveLength(0);
    await user.type(within(dialog).getByLabelText(/Reason/), 'invoice is for another customer');
    await user.click(within(dialog).getByRole('button', { name: 'Decline' }));
    await waitFor(() => expect(api.calls('POST /api/commissions/review')).toHaveLength(1));
    expect(api.calls('POST /api/commissions/review')[0].body).toEqual({ ids: [ITEMS[0].line.id], decision: 'decline', reason: 'invoice is for another customer' });

    for (const name of [/^Select TechCorp/, /^Select Acme/]) await user.click(screen.getByRole('checkbox', { name }));
    await user.click(screen.getByRole('button', { name: 'Approve selected (2)' }));
    const approve = await screen.findByRole('dialog', { name: 'Approve the proof' });
    await user.click(within(approve).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(api.calls('POST /api/commissions/review')).toHaveLength(2));
    expect(api.calls('POST /api/commissions/review')[1].body).toEqual({ ids: [ITEMS[0].line.id, ITEMS[1].line.id], decision: 'approve' });
    expect(await screen.findByText('2 lines approved: now pending.')).toBeVisible();
  });
});
