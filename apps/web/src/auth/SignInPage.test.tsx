import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockApi, problem, renderApp, testToken, testUser } from '../test/render';
import { sessionStore } from './session-store';

describe('sign-in', () => {
  it('has visible labels, validates before calling the API, and shows the API refusal', async () => {
    const api = mockApi({ 'POST /api/auth/login': () => problem(401, 'INVALID_CREDENTIALS', 'email or password is wrong') });
    const user = userEvent.setup();
    renderApp('/sign-in');
    const email = await screen.findByLabelText(/email/i);
    const password = screen.getByLabelText(/^password/i, { selector: 'input' });
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your email address')).toBeVisible();
    expect(screen.getByText('Enter your password')).toBeVisible();
    expect(api.calls()).toHaveLength(0);

    await user.type(email, 'not-an-email');
    await user.type(password, 'x');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter a valid email address')).toBeVisible();

    await user.clear(email);
    await user.type(email, 'sales@techcorp.example');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('email or password is wrong');
    expect(api.calls('POST /api/auth/login')[0].body).toEqual({ email: 'sales@techcorp.example', password: 'x' });
  });

  it('signs a partner in and lands on the partner home with partner links only', async () => {
    mockApi({
      'POST /api/auth/login': () => ({ access_token: testToken(), token_type: 'Bearer', user: testUser('partner') }),
      'GET /api/fulfillment/assignments/my-opportunities': () => ({ opportunities: [] }),
      'GET /api/fulfillment/milestones/my-progress': () => ({ milestones: [] }),
    });
    const user = userEvent.setup();
    const { history } = renderApp('/sign-in');
    await user.type(await screen.findByLabelText(/email/i), 'sales@techcorp.example');
    await user.type(screen.getByLabelText(/^password/i, { selector: 'input' }), 'secret-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(history.location.pathname).toBe('/partner'));
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    await waitFor(() => expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Opportunities', 'Log a sale', 'Import sales', 'My sales', 'My commissions', 'My disputes', 'My analytics']));
    expect(screen.queryByRole('link', { name: /admin/i })).toBeNull();
    expect(screen.queryByRole('link', { name: /overview/i })).toBeNull();
    expect(sessionStore.get()?.user.role).toBe('partner');
  });

  it('sends a signed-out visitor of a deep link to sign-in, and a partner away from admin routes', async () => {
    mockApi({
      'GET /api/fulfillment/assignments/my-opportunities': () => ({ opportunities: [] }),
      'GET /api/fulfillment/milestones/my-progress': () => ({ milestones: [] }),
    });
    const signedOut = renderApp('/partner/sales');
    await waitFor(() => expect(signedOut.history.location.pathname).toBe('/sign-in'));
    signedOut.unmount();

    const partner = renderApp('/admin', { role: 'partner' });
    await waitFor(() => expect(partner.history.location.pathname).toBe('/partner'));
    expect(screen.queryByText('Admin')).toBeNull();
  });

  it('ends the session on any 401 and says so on the sign-in page', async () => {
    mockApi({
      'GET /api/fulfillment/assignments/my-opportunities': () => problem(401, 'UNAUTHENTICATED', 'the token has expired'),
      'GET /api/fulfillment/milestones/my-progress': () => problem(401, 'UNAUTHENTICATED', 'the token has expired'),
    });
    const { history } = renderApp('/partner', { role: 'partner' });
    await waitFor(() => expect(history.location.pathname).toBe('/sign-in'));
    expect(await screen.findByText(/session has ended/i)).toBeVisible();
    expect(sessionStore.get()).toBeNull();
  });
});
