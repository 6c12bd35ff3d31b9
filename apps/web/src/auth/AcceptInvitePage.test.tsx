import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, problem, renderApp, testToken, testUser } from '../test/render';
import { sessionStore } from './session-store';

const ACCEPT = 'POST /api/auth/invites/accept';

describe('accept an invite', () => {
  afterEach(() => vi.restoreAllMocks());

  it("sends the link's token (from the fragment) with the chosen password, then is signed in as the partner", async () => {
    const partner = testUser('partner');
    const api = mockApi({
      [ACCEPT]: () => ({ access_token: testToken(), token_type: 'Bearer', user: partner }),
      'GET /api/fulfillment/assignments/my-opportunities': () => ({ opportunities: [] }),
    });
    renderApp('/invite#token=tok-123');
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'Choose your password' });
    await user.type(screen.getByLabelText(/^password$|^password \*/i, { selector: 'input' }), 'chosen-password-1');
    await user.type(screen.getByLabelText(/^password again/i, { selector: 'input' }), 'chosen-password-1');
    await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    await waitFor(() => expect(sessionStore.get()?.user.id).toBe(partner.id));
    expect(api.calls(ACCEPT)[0].body).toEqual({ token: 'tok-123', password: 'chosen-password-1' });
  });

  it('checks the password twice before sending anything', async () => {
    const api = mockApi({});
    renderApp('/invite#token=tok-123');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^password$|^password \*/i, { selector: 'input' }), 'short');
    await user.type(screen.getByLabelText(/^password again/i, { selector: 'input' }), 'other');
    await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    expect(await screen.findByText('Use at least 8 characters')).toBeVisible();
    expect(screen.getByText('The two passwords differ')).toBeVisible();
    expect(api.calls(ACCEPT)).toHaveLength(0);
  });

  it('says a used or expired link does not work, and a link without its token is incomplete', async () => {
    mockApi({ [ACCEPT]: () => problem(404, 'INVITE_NOT_FOUND', 'the invite is unknown, already used or expired: ask your program admin for a new one') });
    renderApp('/invite#token=used');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^password$|^password \*/i, { selector: 'input' }), 'chosen-password-1');
    await user.type(screen.getByLabelText(/^password again/i, { selector: 'input' }), 'chosen-password-1');
    await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('It was already used, or it has expired.');
    expect(sessionStore.get()).toBeNull();
  });

  it('a link without its token is incomplete', async () => {
    mockApi({});
    renderApp('/invite');
    expect(await screen.findByRole('alert')).toHaveTextContent('The link is incomplete');
  });
});
