import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, mockApi, problem, signInAs } from '../../test/render';
import { NewInviteLinkDialog } from './NewInviteLinkDialog';
import { PartnersPage } from './PartnersPage';

const PARTNER = {
  id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', name: 'TechCorp Partners Inc.', tier: 'gold', status: 'approved', contact_email: 'sales@techcorp.example',
  created_at: '2025-01-02T09:00:00.000Z', updated_at: '2025-01-02T09:05:00.000Z',
};
const LINK = 'https://portal.example.com/invite#token=Jx8y3oYk2m0bq1V7n4Hc5sWd6Ze9Af0Bg1Ch2Di3Ej4';
const INVITE = 'POST /api/partners/{id}/invite';

function setup(answer: () => unknown) {
  const api = mockApi({
    'GET /api/partners': () => ({ items: [PARTNER], total: 1, page: 1, page_size: 25 }),
    [INVITE]: answer,
  });
  render(<TestProviders><PartnersPage /></TestProviders>);
  return { api, user: userEvent.setup() };
}

async function openNewInviteLink(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'More actions for TechCorp Partners Inc.' }));
  await user.click(await screen.findByRole('menuitem', { name: 'New invite link' }));
  return screen.findByRole('dialog', { name: 'New invite link for TechCorp Partners Inc.' });
}

describe('PartnersPage: New invite link', () => {
  // Signed in: TestProviders' session clears the query cache of a signed-out user.
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it('issues a new link only when asked from the partner\'s menu, shows it with a copy button', async () => {
    const { api, user } = setup(() => ({ user_id: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b', email: 'sales@techcorp.example', invite_url: LINK, expires_at: '2025-01-09T09:00:00.000Z' }));
    const dialog = await openNewInviteLink(user);
    // The dialog is in the document as its opening transition starts: visible once it has run (on a busy machine, later).
    await waitFor(() => expect(within(dialog).getByText(/Every earlier link of the user stops working/)).toBeVisible());
    expect(api.calls(INVITE)).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Issue new link' }));
    const link = await within(dialog).findByRole('textbox', { name: 'Invite link' });
    expect(link).toHaveValue(LINK);
    expect(link).toHaveAttribute('readonly');
    expect(within(dialog).getByText(/Send this link to sales@techcorp.example/)).toBeVisible();
    expect(api.calls(INVITE)).toHaveLength(1);
    expect(api.calls(INVITE)[0].url.pathname).toBe(`/api/partners/${PARTNER.id}/invite`);

    await user.click(within(dialog).getByRole('button', { name: 'Copy link' }));
    expect(await within(dialog).findByRole('button', { name: 'Link copied' })).toBeVisible();
    expect(await navigator.clipboard.readText()).toBe(LINK);

    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByDisplayValue(LINK)).toBeNull();
  });

  it("shows the API's refusal for a user who already has a password, and no link", async () => {
    const { user } = setup(() => problem(409, 'USER_NOT_INVITABLE', 'user sales@techcorp.example already chose a password and signs in with it: an invite is only for a user without one'));
    const dialog = await openNewInviteLink(user);
    await user.click(within(dialog).getByRole('button', { name: 'Issue new link' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('already chose a password');
    expect(within(dialog).queryByRole('textbox', { name: 'Invite link' })).toBeNull();
  });

  it('shows a link once: opened again, it asks before issuing another', async () => {
    const api = mockApi({ [INVITE]: () => ({ user_id: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b', email: 'sales@techcorp.example', invite_url: LINK, expires_at: '2025-01-09T09:00:00.000Z' }) });
    const user = userEvent.setup();
    const onClose = vi.fn();
    const view = render(<TestProviders><NewInviteLinkDialog partner={PARTNER as never} onClose={onClose} /></TestProviders>);
    await user.click(await screen.findByRole('button', { name: 'Issue new link' }));
    expect(await screen.findByRole('textbox', { name: 'Invite link' })).toHaveValue(LINK);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    view.rerender(<TestProviders><NewInviteLinkDialog partner={null} onClose={onClose} /></TestProviders>);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    view.rerender(<TestProviders><NewInviteLinkDialog partner={PARTNER as never} onClose={onClose} /></TestProviders>);
    expect(await screen.findByRole('button', { name: 'Issue new link' })).toBeVisible();
    expect(screen.queryByRole('textbox', { name: 'Invite link' })).toBeNull();
    expect(api.calls(INVITE)).toHaveLength(1);
  });
});
