import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, mockApi, signInAs } from '../../test/render';
import { SpiffForm } from './SpiffForm';
import { SpiffsPage } from './SpiffsPage';

const PRODUCT = 'c9a1e2b3-4d5f-4a6b-8c7d-9e0f1a2b3c4d';
const SPIFF = {
  id: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Q4 Laptop Promotion', description: null, target_products: [PRODUCT], assignment_type: 'tier', target_tiers: ['gold'], target_partners: [],
  incentive_amount: 100, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-03-31', status: 'active', cancelled_on: null, milestones: [],
  budget_amount: null, per_partner_cap: null, budget_version: 1, proof_required: false, assignment_count: 3, created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-01-01T00:00:00.000Z',
};
const products = () => ({ items: [{ id: PRODUCT, name: 'Test Laptop Pro', sku: 'LAP-PRO', commission_rate: 10, commission_rates: {}, created_at: '2025-01-01T00:00:00.000Z' }], total: 1, page: 1, page_size: 500 });
const reach = () => ({ approved_partners: 3, targeted_partners: 3, by_status: { pending: 0, approved: 3, suspended: 0 }, approved_by_tier: { gold: 3 }, unknown_partners: [] });

function setup(extra: Record<string, (request: Request, body: unknown) => unknown> = {}) {
  const api = mockApi({
    'GET /api/spiffs': () => ({ items: [SPIFF], total: 1, page: 1, page_size: 25 }),
    'GET /api/products': products,
    'POST /api/spiffs/reach': reach,
    ...extra,
  });
  return { api, user: userEvent.setup() };
}

describe('extend and cancel a spiff', () => {
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it('extends the end date with PATCH /api/spiffs/{id}, refusing to shorten it', async () => {
    const { api, user } = setup({ 'PATCH /api/spiffs/{id}': (_r, body) => ({ ...SPIFF, ...(body as object) }) });
    render(<TestProviders><SpiffsPage /></TestProviders>);
    await user.click(await screen.findByRole('button', { name: 'Extend Q4 Laptop Promotion' }));
    const form = await screen.findByRole('form', { name: 'Extend Q4 Laptop Promotion' });
    const lastDay = within(form).getByLabelText(/^Last day/);

    await user.clear(lastDay);
    await user.type(lastDay, '2025-02-28');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByText('A spiff is extended, never shortened: 2025-03-31 or later')).toBeVisible();
    expect(api.calls('PATCH /api/spiffs/{id}')).toHaveLength(0);

    await user.clear(lastDay);
    await user.type(lastDay, '2025-04-30');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(api.calls('PATCH /api/spiffs/{id}')).toHaveLength(1));
    expect(api.calls('PATCH /api/spiffs/{id}')[0].url.pathname).toBe(`/api/spiffs/${SPIFF.id}`);
    expect(api.calls('PATCH /api/spiffs/{id}')[0].body).toEqual({ end_date: '2025-04-30' });
    expect(await screen.findByText('Q4 Laptop Promotion now runs until 2025-04-30.')).toBeVisible();
  });

  it('says so when nothing changed, and sends nothing', async () => {
    const { api, user } = setup();
    render(<TestProviders><SpiffsPage /></TestProviders>);
    await user.click(await screen.findByRole('button', { name: 'Extend Q4 Laptop Promotion' }));
    const form = await screen.findByRole('form', { name: 'Extend Q4 Laptop Promotion' });
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByText(/^Nothing changed: choose a later end date/)).toBeVisible();
    expect(api.calls('PATCH /api/spiffs/{id}')).toHaveLength(0);
  });

  it('cancels a spiff only after the confirmation, with POST /api/spiffs/{id}/cancel', async () => {
    const { api, user } = setup({ 'POST /api/spiffs/{id}/cancel': () => ({ ...SPIFF, status: 'cancelled', cancelled_on: '2025-02-10' }) });
    render(<TestProviders><SpiffsPage /></TestProviders>);
    await user.click(await screen.findByRole('button', { name: 'Cancel Q4 Laptop Promotion' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel Q4 Laptop Promotion?' });
    expect(dialog).toHaveTextContent('Its 3 assignments close today.');
    await user.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Cancel Q4 Laptop Promotion?' })).toBeNull());
    expect(api.calls('POST /api/spiffs/{id}/cancel')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Cancel Q4 Laptop Promotion' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Cancel Q4 Laptop Promotion?' })).getByRole('button', { name: 'Cancel spiff' }));
    await waitFor(() => expect(api.calls('POST /api/spiffs/{id}/cancel')).toHaveLength(1));
    expect(api.calls('POST /api/spiffs/{id}/cancel')[0].url.pathname).toBe(`/api/spiffs/${SPIFF.id}/cancel`);
    expect(await screen.findByText(/Q4 Laptop Promotion is cancelled \(on 2025-02-10\)/)).toBeVisible();
  });
  it('keeps the dialog named, with its text, while it closes after the spiff is cancelled', async () => {
    const { user } = setup({ 'POST /api/spiffs/{id}/cancel': () => ({ ...SPIFF, status: 'cancelled', cancelled_on: '2025-02-10' }) });
    render(<TestProviders><SpiffsPage /></TestProviders>);
    await user.click(await screen.findByRole('button', { name: 'Cancel Q4 Laptop Promotion' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Cancel Q4 Laptop Promotion?' })).getByRole('button', { name: 'Cancel spiff' }));
    await screen.findByText(/Q4 Laptop Promotion is cancelled/);
    // The modal fades out after the subject is cleared: all the while it is a named dialog with its text.
    const closing = screen.getByRole('dialog', { hidden: true });
    expect(closing).toHaveAccessibleName('Cancel Q4 Laptop Promotion?');
    expect(closing).toHaveTextContent('Its 3 assignments close today.');
    await waitFor(() => expect(screen.queryByRole('dialog', { hidden: true })).toBeNull());
  });
});

describe('spiff creation: labels and milestones', () => {
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it('gives Targeting and Incentive type a visible label', async () => {
    setup();
    render(<TestProviders><SpiffForm onCreated={vi.fn()} /></TestProviders>);
    expect(screen.getByRole('radiogroup', { name: 'Targeting' })).toBeInTheDocument();
    expect(screen.getByRole('radiogroup', { name: 'Incentive type' })).toBeInTheDocument();
    expect(screen.getByText('Targeting')).toBeVisible();
    expect(screen.getByText('Incentive type')).toBeVisible();
  });

  it('adds a milestone with labelled fields, validates it, and removes it', async () => {
    const { api, user } = setup({ 'POST /api/spiffs': () => ({}) });
    render(<TestProviders><SpiffForm onCreated={vi.fn()} /></TestProviders>);
    const milestones = screen.getByRole('group', { name: 'Milestones (optional)' });
    expect(within(milestones).getByText('No milestones: partners earn the incentive only.')).toBeVisible();

    await user.click(within(milestones).getByRole('button', { name: 'Add a milestone' }));
    expect(within(milestones).getByRole('textbox', { name: /^Milestone 1 name/ })).toBeVisible();
    expect(within(milestones).getByRole('textbox', { name: /^Threshold \(units\)/ })).toBeVisible();
    expect(within(milestones).getByRole('textbox', { name: /^Reward/ })).toBeVisible();
    await user.click(within(milestones).getByRole('button', { name: 'Add a milestone' }));
    expect(within(milestones).getByRole('textbox', { name: /^Milestone 2 name/ })).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Create spiff' }));
    expect(await within(milestones).findAllByText('Name the milestone')).toHaveLength(2);
    expect(within(milestones).getAllByText('A threshold above 0')).toHaveLength(2);
    expect(within(milestones).getAllByText('A reward above 0')).toHaveLength(2);
    expect(within(milestones).getByRole('textbox', { name: /^Milestone 1 name/ })).toHaveAttribute('aria-invalid', 'true');
    expect(api.calls('POST /api/spiffs')).toHaveLength(0);

    await user.click(within(milestones).getByRole('button', { name: 'Remove milestone 2' }));
    expect(within(milestones).queryByRole('textbox', { name: /^Milestone 2 name/ })).toBeNull();
    await user.click(within(milestones).getByRole('button', { name: 'Remove milestone 1' }));
    expect(within(milestones).getByText('No milestones: partners earn the incentive only.')).toBeVisible();
  });
});
