import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, problem, renderApp } from '../test/render';

const page = (total: number) => () => ({ items: [], total, page: 1, page_size: 1 });

function card(title: string): HTMLElement {
  return screen.getByText(title).closest('.mantine-Card-root') as HTMLElement;
}

describe('AdminHome', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('counts what waits for a decision: proofs to review and open disputes beside the queues', async () => {
    const api = mockApi({
      'GET /api/partners': page(2),
      'GET /api/commissions': (request) => page(new URL(request.url).searchParams.get('status') === 'pending' ? 5 : 7)(),
      'GET /api/commissions/reviews': page(3),
      'GET /api/disputes': page(4),
      'GET /api/admin/dead-letters': page(0),
    });
    renderApp('/admin', { role: 'admin' });
    await screen.findByText('Proofs of sale to review');
    expect(await within(card('Proofs of sale to review')).findByText('3')).toBeVisible();
    expect(await within(card('Open disputes')).findByText('4')).toBeVisible();
    expect(await within(card('Commission lines to approve')).findByText('5')).toBeVisible();
    expect(within(card('Open disputes')).getByRole('link', { name: 'Answer them' })).toHaveAttribute('href', '/admin/disputes');
    expect(within(card('Proofs of sale to review')).getByRole('link', { name: 'Open the review queue' })).toHaveAttribute('href', '/admin/reviews');
    expect(api.calls('GET /api/disputes')[0].url.searchParams.get('status')).toBe('open');
    expect(api.calls('GET /api/commissions/reviews')[0].url.searchParams.get('status')).toBe('awaiting_review');
  });

  it('says a count is unavailable when its service does not answer, and shows the others', async () => {
    mockApi({
      'GET /api/partners': page(2),
      'GET /api/commissions': page(1),
      'GET /api/commissions/reviews': () => problem(503, 'SERVICE_UNAVAILABLE', 'commissions did not answer'),
      'GET /api/disputes': page(0),
      'GET /api/admin/dead-letters': page(0),
    });
    renderApp('/admin', { role: 'admin' });
    await screen.findByText('Proofs of sale to review');
    expect(await within(card('Proofs of sale to review')).findByText('Unavailable')).toBeVisible();
    expect(await within(card('Partners waiting for approval')).findByText('2')).toBeVisible();
  });
});
