import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, mockApi, problem, signInAs } from '../../test/render';
import { SpiffForm, emptySpiff, validateSpiff } from './SpiffForm';

const products = { items: [{ id: 'c9a1e2b3-4d5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Test Laptop Pro', sku: 'LAP-PRO', commission_rate: 10, commission_rates: { gold: 12 }, created_at: '2025-01-01T00:00:00.000Z' }], total: 1, page: 1, page_size: 500 };
const reach = (approved: number) => ({
  approved_partners: approved, targeted_partners: approved + 2, by_status: { pending: 1, approved, suspended: 1 }, approved_by_tier: { gold: approved - 1, platinum: 1 }, unknown_partners: [],
});

describe('SpiffForm', () => {
  // Signed in: TestProviders' session clears the query cache of a signed-out user.
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it('says what is missing or wrong at each field, and sends nothing', async () => {
    const api = mockApi({ 'GET /api/products': () => products, 'POST /api/spiffs/reach': () => reach(3), 'POST /api/spiffs': () => ({}) });
    const user = userEvent.setup();
    render(<TestProviders><SpiffForm onCreated={vi.fn()} /></TestProviders>);

    await user.click(screen.getByRole('button', { name: 'Create spiff' }));
    expect(await screen.findByText('Name the spiff')).toBeVisible();
    expect(screen.getByText('Choose at least one product')).toBeVisible();
    expect(screen.getByText('Choose at least one tier')).toBeVisible();
    expect(screen.getByText('Enter an amount above 0')).toBeVisible();
    expect(screen.getByText('Choose the first day')).toBeVisible();
    expect(api.calls('POST /api/spiffs')).toHaveLength(0);
  });

  it('checks the period, the amount and the targeting like the API does', () => {
    const base = { ...emptySpiff(), name: 'Q4', target_products: ['p'], target_tiers: ['gold' as const], incentive_amount: 100, start_date: '2025-03-31', end_date: '2025-01-01' };
    expect(validateSpiff(base).end_date).toBe('The last day cannot be before the first');
    expect(validateSpiff({ ...base, end_date: '2025-03-31' })).toEqual({});
    expect(validateSpiff({ ...base, end_date: '2025-03-31', incentive_type: 'percentage', incentive_amount: 120 }).incentive_amount).toBe('A percentage is at most 100');
    expect(validateSpiff({ ...base, end_date: '2025-03-31', incentive_amount: 10.005 }).incentive_amount).toBe('At most 2 decimals');
    expect(validateSpiff({ ...base, end_date: '2025-03-31', assignment_type: 'individual' }).target_partners).toBe('Choose at least one partner');
  });

  it('shows whom the spiff reaches before saving, as the targeting changes', async () => {
    const api = mockApi({
      'GET /api/products': () => products,
      'POST /api/spiffs/reach': (_request, body) => reach((body as { target_tiers: string[] }).target_tiers.length === 1 ? 2 : 3),
    });
    const user = userEvent.setup();
    render(<TestProviders><SpiffForm onCreated={vi.fn()} /></TestProviders>);

    expect(screen.getByText('Choose at least one tier to see whom this spiff reaches.')).toBeVisible();
    await user.click(screen.getByRole('checkbox', { name: 'Gold' }));
    expect(await screen.findByText('This spiff reaches 2 approved partners.')).toBeVisible();
    await user.click(screen.getByRole('checkbox', { name: 'Platinum' }));
    expect(await screen.findByText('This spiff reaches 3 approved partners.')).toBeVisible();
    expect(screen.getByText(/1 pending and 1 suspended partners are targeted too/)).toBeVisible();
    await waitFor(() => expect(api.calls('POST /api/spiffs/reach').at(-1)?.body).toEqual({ assignment_type: 'tier', target_tiers: ['gold', 'platinum'] }));
  });

  it("puts the API's field error at the field it names", async () => {
    const api = mockApi({
      'GET /api/products': () => products,
      'POST /api/spiffs/reach': () => reach(3),
      'POST /api/spiffs': () => problem(400, 'VALIDATION_FAILED', 'name is taken by a running spiff', [{ field: 'name', reason: 'is taken by a running spiff' }]),
    });
    const onCreated = vi.fn();
    const user = userEvent.setup();
    render(
      <TestProviders>
        <SpiffForm onCreated={onCreated} initialValues={{ name: 'Q4', target_products: [products.items[0].id], target_tiers: ['gold'], incentive_amount: 100, start_date: '2025-01-01', end_date: '2025-03-31' }} />
      </TestProviders>,
    );
    await user.click(screen.getByRole('button', { name: 'Create spiff' }));
    expect(await screen.findByText('is taken by a running spiff')).toBeVisible();
    expect(screen.getByRole('textbox', { name: /^Name/ })).toHaveAccessibleDescription(/is taken by a running spiff/);
    expect(api.calls('POST /api/spiffs')[0].body).toMatchObject({ name: 'Q4', assignment_type: 'tier', target_tiers: ['gold'], incentive_amount: 100, incentive_type: 'fixed' });
    expect(api.calls('POST /api/spiffs')[0].headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(onCreated).not.toHaveBeenCalled();
  });
});
