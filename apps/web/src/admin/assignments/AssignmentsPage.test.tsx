import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, problem, renderApp } from '../../test/render';

const PRODUCT = 'c9a1e2b3-4d5f-4a6b-8c7d-9e0f1a2b3c4d';
const PARTNER = { id: '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70', name: 'TechCorp Partners Inc.', tier: 'gold', status: 'approved', contact_email: 'sales@techcorp.example', created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-01-01T00:00:00.000Z' };
const SPIFF = {
  id: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Q4 Laptop Promotion', description: null, target_products: [PRODUCT], assignment_type: 'tier', target_tiers: ['gold'], target_partners: [],
  incentive_amount: 100, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-03-31', status: 'active', cancelled_on: null, milestones: [],
  budget_amount: null, per_partner_cap: null, budget_version: 1, proof_required: false, assignment_count: 3, created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-01-01T00:00:00.000Z',
};

type User = ReturnType<typeof userEvent.setup>;
/** Opens a Mantine Select and picks an option of its own list (the page has filters with the same labels). */
async function choose(user: User, input: HTMLElement, option: RegExp) {
  await user.click(input);
  await waitFor(() => expect(input.getAttribute('aria-controls')).toBeTruthy());
  const list = document.getElementById(input.getAttribute('aria-controls') as string) as HTMLElement;
  await user.click(await within(list).findByRole('option', { name: option, hidden: true }));
}

describe('manual assignment', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('assigns a partner to a spiff, and shows PARTNER_NOT_APPROVED at the partner field', async () => {
    let calls = 0;
    const api = mockApi({
      'GET /api/fulfillment/assignments': () => ({ items: [], total: 0, page: 1, page_size: 25 }),
      'GET /api/partners': () => ({ items: [PARTNER], total: 1, page: 1, page_size: 20 }),
      'GET /api/spiffs': () => ({ items: [SPIFF], total: 1, page: 1, page_size: 500 }),
      'GET /api/products': () => ({ items: [{ id: PRODUCT, name: 'Test Laptop Pro', sku: 'LAP-PRO', commission_rate: 10, commission_rates: {}, created_at: '2025-01-01T00:00:00.000Z' }], total: 1, page: 1, page_size: 500 }),
      'POST /api/fulfillment/assignments': () =>
        ++calls === 1
          ? problem(409, 'PARTNER_NOT_APPROVED', 'partner TechCorp Partners Inc. is suspended: only approved partners can be assigned')
          : new Response(JSON.stringify({ id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }), { status: 201, headers: { 'content-type': 'application/json' } }),
    });
    const user = userEvent.setup();
    renderApp('/admin/assignments', { role: 'admin' });
    expect(await screen.findByText('No assignments yet')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Assign a partner' }));
    const form = await screen.findByRole('form', { name: 'Assign a partner' });

    // Validation first.
    await user.click(within(form).getByRole('button', { name: 'Assign partner' }));
    expect(await within(form).findByText('Choose an approved partner')).toBeVisible();
    expect(within(form).getByText('Choose the spiff this assignment earns')).toBeVisible();
    expect(api.calls('POST /api/fulfillment/assignments')).toHaveLength(0);

    const partner = within(form).getByLabelText(/^Partner/, { selector: 'input' });
    await choose(user, partner, /^TechCorp Partners Inc\./);
    await choose(user, within(form).getByLabelText(/^Spiff/, { selector: 'input' }), /^Q4 Laptop Promotion$/);
    // Choosing the spiff fills its period.
    await waitFor(() => expect(within(form).getByLabelText(/^First day/)).toHaveValue('2025-01-01'));
    expect(within(form).getByLabelText(/^Last day/)).toHaveValue('2025-03-31');

    await user.click(within(form).getByRole('button', { name: 'Assign partner' }));
    const error = await within(form).findByText('partner TechCorp Partners Inc. is suspended: only approved partners can be assigned');
    expect(error).toBeVisible();
    expect(partner).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).queryByRole('alert')).toBeNull();
    expect(api.calls('POST /api/fulfillment/assignments')[0].body).toEqual({
      partner_id: PARTNER.id, spiff_id: SPIFF.id, product_ids: [PRODUCT], assignment_type: 'spiff', start_date: '2025-01-01', end_date: '2025-03-31',
    });

    await user.click(within(form).getByRole('button', { name: 'Assign partner' }));
    expect(await screen.findByText('The partner is assigned: it sees the opportunity in its portal now.')).toBeVisible();
    expect(api.calls('POST /api/fulfillment/assignments')).toHaveLength(2);
  }, 40_000);
});
