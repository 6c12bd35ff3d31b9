import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, mockApi, signInAs } from '../../test/render';
import { DeadLettersPage } from './DeadLettersPage';

const LETTER = {
  service: 'commissions', id: '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2910', event_type: 'sale.logged', error: 'relation "commission_lines" does not exist', attempts: 5,
  first_failed_at: '2025-01-15T10:30:00.000Z', last_failed_at: '2025-01-15T10:35:00.000Z', dead_lettered_at: '2025-01-15T10:35:00.000Z', payload: { sale_id: 'f0e1' },
};

describe('dead letters', () => {
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it('lists the dead letters, replays one through the API, and the row leaves the list', async () => {
    let replayed = false;
    const api = mockApi({
      'GET /api/admin/dead-letters': () => (replayed ? { items: [], total: 0, unavailable_services: [] } : { items: [LETTER], total: 1, unavailable_services: ['analytics'] }),
      'POST /api/admin/dead-letters/{id}/replay': () => {
        replayed = true;
        return { id: LETTER.id, replayed_in: ['commissions'] };
      },
    });
    const user = userEvent.setup();
    render(<TestProviders><DeadLettersPage /></TestProviders>);
    const table = await screen.findByRole('table', { name: 'Dead letters' });
    const row = within(table).getByText('sale.logged').closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('commissions');
    expect(row).toHaveTextContent('relation "commission_lines" does not exist');
    expect(row).toHaveTextContent('5');
    expect(screen.getByRole('status')).toHaveTextContent('analytics: their dead letters are not in this list.');

    await user.click(within(row).getByRole('button', { name: `Replay sale.logged ${LETTER.id} in commissions` }));
    const dialog = await screen.findByRole('dialog', { name: 'Replay this event?' });
    await user.click(within(dialog).getByRole('button', { name: 'Replay' }));
    await waitFor(() => expect(api.calls('POST /api/admin/dead-letters/{id}/replay')).toHaveLength(1));
    const [call] = api.calls('POST /api/admin/dead-letters/{id}/replay');
    expect(call.url.pathname).toBe(`/api/admin/dead-letters/${LETTER.id}/replay`);
    expect(call.url.searchParams.get('service')).toBe('commissions');
    expect(await screen.findByText(/Replayed in commissions/)).toBeVisible();
    expect(await screen.findByText('No dead letters')).toBeVisible();
    expect(screen.queryByRole('table', { name: 'Dead letters' })).toBeNull();
  });
});
