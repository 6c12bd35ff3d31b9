import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderApp, testToken, testUser } from '../test/render';
import { sessionStore } from './session-store';

const partnerHome = {
  'GET /api/fulfillment/assignments/my-opportunities': () => ({ opportunities: [] }),
  'GET /api/fulfillment/milestones/my-progress': () => ({ milestones: [] }),
};

describe('session expiry from the token’s exp', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('ends the session when exp passes, with no request in flight, and says so on sign-in', async () => {
    mockApi(partnerHome);
    const { history } = renderApp('/partner', { role: 'partner' });
    expect(await screen.findByRole('button', { name: 'Sign out' })).toBeVisible();

    // Only the expiry timer runs on the fake clock: a token that expires in one minute.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    act(() => void sessionStore.signIn(testToken(60), testUser('partner')));
    // exp is in whole seconds: the session has up to a second less than 60 s, counted from its exp.
    const left = (sessionStore.get()?.expiresAt ?? 0) - Date.now();
    expect(left).toBeGreaterThan(58_000);
    act(() => void vi.advanceTimersByTime(left - 500));
    expect(sessionStore.get()).not.toBeNull();
    act(() => void vi.advanceTimersByTime(1_000));
    expect(sessionStore.get()).toBeNull();
    vi.useRealTimers();

    await waitFor(() => expect(history.location.pathname).toBe('/sign-in'));
    expect(await screen.findByText('Your session has expired. Please sign in again.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(sessionStorage.getItem('spiffworks.session')).toBeNull();
  });

  it('on a reload with an expired token, starts signed out and says the session expired', async () => {
    const api = mockApi(partnerHome);
    const expired = testToken(-30);
    sessionStorage.setItem('spiffworks.session', JSON.stringify({ token: expired, user: testUser('partner'), expiresAt: Date.now() - 30_000 }));
    sessionStore.reload();
    expect(sessionStore.get()).toBeNull();
    expect(sessionStorage.getItem('spiffworks.session')).toBeNull();

    const { history } = renderApp('/partner/sales');
    await waitFor(() => expect(history.location.pathname).toBe('/sign-in'));
    expect(await screen.findByText('Your session has expired. Please sign in again.')).toBeVisible();
    expect(api.calls()).toEqual([]);
  });

  it('on a reload with a live token, stays signed in', async () => {
    mockApi(partnerHome);
    sessionStorage.setItem('spiffworks.session', JSON.stringify({ token: testToken(600), user: testUser('partner'), expiresAt: Date.now() + 600_000 }));
    sessionStore.reload();
    expect(sessionStore.get()?.user.role).toBe('partner');
    sessionStore.clear(null);
  });
});
