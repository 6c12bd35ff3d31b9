import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequireRole } from '../auth/RequireRole';
import { sessionStore } from '../auth/session-store';
import { TestProviders, mockApi, renderApp, signInAs } from '../test/render';

const partnerHome = {
  'GET /api/fulfillment/assignments/my-opportunities': () => ({ opportunities: [] }),
  'GET /api/fulfillment/milestones/my-progress': () => ({ milestones: [] }),
};
const overview = {
  'GET /api/analytics/overview': () => ({
    overview: { total_assignments: 0, active_assignments: 0, total_sales: 0, total_revenue: 0, total_commission: 0 },
    top_partners: [],
  }),
};

describe('the signed-in shell', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('signs out: the session is cleared and the user lands on sign-in, with no expiry message', async () => {
    mockApi(partnerHome);
    const user = userEvent.setup();
    const { history } = renderApp('/partner', { role: 'partner' });
    expect(sessionStorage.getItem('spiffworks.session')).not.toBeNull();
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(history.location.pathname).toBe('/sign-in'));
    expect(sessionStore.get()).toBeNull();
    expect(sessionStorage.getItem('spiffworks.session')).toBeNull();
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(screen.getByLabelText(/email/i)).toBeVisible();
    expect(screen.queryByText(/session has (ended|expired)/i)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });
});

describe('an analyst', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is sent from admin and partner routes to the analytics home, and offered no link to them', async () => {
    const api = mockApi(overview);
    const admin = renderApp('/admin/partners', { role: 'analyst' });
    await waitFor(() => expect(admin.history.location.pathname).toBe('/analytics'));
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    const links = within(nav).getAllByRole('link').map((a) => a.getAttribute('href'));
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((href) => href?.startsWith('/analytics'))).toBe(true);
    expect(api.calls().filter((c) => !c.url.pathname.startsWith('/api/analytics'))).toEqual([]);
    admin.unmount();

    const partner = renderApp('/partner/sales', { role: 'analyst' });
    await waitFor(() => expect(partner.history.location.pathname).toBe('/analytics'));
    expect(api.calls().some((c) => c.url.pathname.startsWith('/api/fulfillment'))).toBe(false);
  });

  it('sees the RequireRole fallback, not the guarded content, inside a screen', () => {
    signInAs('analyst');
    render(
      <TestProviders>
        <RequireRole roles={['admin']}>
          <button type="button">Suspend partner</button>
        </RequireRole>
        <RequireRole roles={['admin', 'analyst']}>
          <p>Analytics for everyone</p>
        </RequireRole>
      </TestProviders>,
    );
    expect(screen.queryByRole('button', { name: 'Suspend partner' })).toBeNull();
    expect(screen.getByText('This page is not available for your account.')).toBeVisible();
    expect(screen.getByText('Analytics for everyone')).toBeVisible();
  });
});
