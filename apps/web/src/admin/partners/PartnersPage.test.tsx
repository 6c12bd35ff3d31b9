import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, mockApi, problem, signInAs } from '../../test/render';
import { PartnersPage } from './PartnersPage';

const partner = (id: string, name: string, tier: string, status: string) => ({
  id, name, tier, status, contact_email: `${name.split(' ')[0].toLowerCase()}@example.test`, created_at: '2025-01-02T10:00:00.000Z', updated_at: '2025-01-02T10:00:00.000Z',
});
const TECHCORP = partner('8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70', 'TechCorp Partners Inc.', 'gold', 'approved');
const ACME = partner('8f14e45f-ceea-467a-9f4b-2c6a1e3d5b71', 'Acme Resellers', 'bronze', 'pending');

function setup(extra: Record<string, (request: Request, body: unknown) => unknown> = {}) {
  const api = mockApi({ 'GET /api/partners': () => ({ items: [TECHCORP, ACME], total: 2, page: 1, page_size: 25 }), ...extra });
  render(<TestProviders><PartnersPage /></TestProviders>);
  return { api, user: userEvent.setup() };
}

async function openMenu(user: ReturnType<typeof userEvent.setup>, name: string) {
  await screen.findByRole('table', { name: 'Partners' });
  await user.click(screen.getByRole('button', { name: `More actions for ${name}` }));
}

async function chooseTier(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement, label: string) {
  await user.click(within(dialog).getByLabelText('New tier', { selector: 'input' }));
  const list = await screen.findByRole('listbox', { name: 'New tier', hidden: true });
  await user.click(within(list).getByRole('option', { name: label, hidden: true }));
}

describe('admin partners', () => {
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it('changes a partner’s tier with PATCH /api/partners/{id}', async () => {
    const { api, user } = setup({ 'PATCH /api/partners/{id}': (_r, body) => ({ ...TECHCORP, ...(body as object) }) });
    await openMenu(user, 'TechCorp Partners Inc.');
    await user.click(await screen.findByRole('menuitem', { name: 'Change tier' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change the tier of TechCorp Partners Inc.' });
    expect(within(dialog).getByRole('button', { name: 'Change tier' })).toBeDisabled();
    await chooseTier(user, dialog, 'Platinum');
    await user.click(within(dialog).getByRole('button', { name: 'Change tier' }));
    await waitFor(() => expect(api.calls('PATCH /api/partners/{id}')).toHaveLength(1));
    const [call] = api.calls('PATCH /api/partners/{id}');
    expect(call.url.pathname).toBe(`/api/partners/${TECHCORP.id}`);
    expect(call.body).toEqual({ tier: 'platinum' });
    expect(await screen.findByText('TechCorp Partners Inc. is now Platinum.')).toBeVisible();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows a refused tier change at the "New tier" field in the dialog, not behind it', async () => {
    const { api, user } = setup({
      'PATCH /api/partners/{id}': () => problem(400, 'VALIDATION_FAILED', 'tier must be one of the following values', [{ field: 'tier', reason: 'must be one of bronze, silver, gold, platinum' }]),
    });
    await openMenu(user, 'TechCorp Partners Inc.');
    await user.click(await screen.findByRole('menuitem', { name: 'Change tier' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change the tier of TechCorp Partners Inc.' });
    await chooseTier(user, dialog, 'Silver');
    await user.click(within(dialog).getByRole('button', { name: 'Change tier' }));
    const field = within(dialog).getByLabelText('New tier', { selector: 'input' });
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    expect(field).toHaveAccessibleDescription('must be one of bronze, silver, gold, platinum');
    expect(within(dialog).getByText('must be one of bronze, silver, gold, platinum')).toBeVisible();
    // Nothing in the page's message area behind the dialog.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Change the tier of TechCorp Partners Inc.' })).toBeInTheDocument();
    expect(api.calls('PATCH /api/partners/{id}')[0].body).toEqual({ tier: 'silver' });
  });

  it('shows a refusal that names no field inside the dialog too', async () => {
    const { user } = setup({ 'PATCH /api/partners/{id}': () => problem(404, 'PARTNER_NOT_FOUND', 'partner not found') });
    await openMenu(user, 'TechCorp Partners Inc.');
    await user.click(await screen.findByRole('menuitem', { name: 'Change tier' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change the tier of TechCorp Partners Inc.' });
    await chooseTier(user, dialog, 'Silver');
    await user.click(within(dialog).getByRole('button', { name: 'Change tier' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('partner not found');
  });

  it('suspends an approved partner with POST /api/partners/{id}/suspend after a confirmation', async () => {
    const { api, user } = setup({ 'POST /api/partners/{id}/suspend': () => ({ ...TECHCORP, status: 'suspended' }) });
    await openMenu(user, 'TechCorp Partners Inc.');
    await user.click(await screen.findByRole('menuitem', { name: 'Suspend' }));
    const dialog = await screen.findByRole('dialog', { name: 'Suspend TechCorp Partners Inc.?' });
    expect(api.calls('POST /api/partners/{id}/suspend')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Suspend partner' }));
    await waitFor(() => expect(api.calls('POST /api/partners/{id}/suspend')).toHaveLength(1));
    expect(api.calls('POST /api/partners/{id}/suspend')[0].url.pathname).toBe(`/api/partners/${TECHCORP.id}/suspend`);
    expect(await screen.findByText(/TechCorp Partners Inc\. is suspended/)).toBeVisible();
  });

  it('approves a pending partner with POST /api/partners/{id}/approve', async () => {
    const { api, user } = setup({ 'POST /api/partners/{id}/approve': () => ({ ...ACME, status: 'approved' }) });
    await screen.findByRole('table', { name: 'Partners' });
    await user.click(screen.getByRole('button', { name: 'Approve Acme Resellers' }));
    await waitFor(() => expect(api.calls('POST /api/partners/{id}/approve')).toHaveLength(1));
    expect(api.calls('POST /api/partners/{id}/approve')[0].url.pathname).toBe(`/api/partners/${ACME.id}/approve`);
    expect(await screen.findByText(/Acme Resellers is approved/)).toBeVisible();
  });
});
