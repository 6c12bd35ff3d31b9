import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, mockApi, signInAs } from '../../test/render';
import { DisputeQueuePage } from './DisputeQueuePage';

const DISPUTE = {
  id: '4f3e2d1c-0b9a-4876-9543-210fedcba987', commission_id: '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c01', partner_id: '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70',
  status: 'open', reason: 'the bonus is missing', answer: null, adjustment_amount: null, adjustment_line_id: null, opened_by: 'u', resolved_by: null,
  opened_at: '2025-02-01T10:00:00.000Z', resolved_at: null, partner_name: 'TechCorp Solutions',
  attachments: [{ id: '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d', dispute_id: '4f3e2d1c-0b9a-4876-9543-210fedcba987', content_type: 'image/png', size: 4, sha256: 'ab'.repeat(32), created_at: '2025-02-01T10:01:00.000Z' }],
};

function setup() {
  const api = mockApi({
    'GET /api/disputes': () => ({ items: [DISPUTE], total: 1, page: 1, page_size: 50 }),
    'GET /api/disputes/{id}/attachments/{attachment_id}': () => new Response(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }), { headers: { 'content-type': 'image/png' } }),
    'POST /api/disputes/{id}/resolve': (_r, body) => {
      const b = body as { outcome: string; adjustment_amount?: number; answer: string };
      return { ...DISPUTE, status: b.outcome === 'adjusted' ? 'resolved_adjusted' : 'resolved_declined', answer: b.answer, adjustment_amount: b.adjustment_amount ?? null };
    },
  });
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:dispute-file', revokeObjectURL: () => undefined }));
  render(<TestProviders><DisputeQueuePage /></TestProviders>);
  return { api, user: userEvent.setup() };
}

describe('DisputeQueuePage', () => {
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it('lists open disputes first (filtered on open) with their partner and reason', async () => {
    const { api } = setup();
    const table = await screen.findByRole('table', { name: 'Disputes' });
    expect(within(table).getByText('the bonus is missing')).toBeVisible();
    expect(within(table).getByText('TechCorp Solutions')).toBeVisible();
    expect(api.calls('GET /api/disputes')[0].url.searchParams.get('status')).toBe('open');
  });

  it("shows the partner's file inline, fetched from the dispute's attachment route with the token", async () => {
    const { api } = setup();
    const table = await screen.findByRole('table', { name: 'Disputes' });
    expect(await within(table).findByRole('img', { name: /File attached to the dispute \(image\/png, 4 bytes/ })).toHaveAttribute('src', 'blob:dispute-file');
    const [download] = api.calls('GET /api/disputes/{id}/attachments/{attachment_id}');
    expect(download.url.pathname).toBe(`/api/disputes/${DISPUTE.id}/attachments/${DISPUTE.attachments[0].id}`);
    expect(download.headers.get('authorization')).toMatch(/^Bearer /);
  });

  it('resolves adjusted with an amount and an answer, both required', async () => {
    const { api, user } = setup();
    await user.click(await screen.findByRole('button', { name: 'Resolve “the bonus is missing”' }));
    const dialog = await screen.findByRole('dialog', { name: 'Resolve the dispute' });
    // The outcome has a visible label tied to its choices.
    expect(within(dialog).getByRole('radiogroup', { name: 'Outcome' })).toBeInTheDocument();
    expect(within(dialog).getByText('Outcome')).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Adjust and resolve' }));
    expect(await within(dialog).findByText('Write the answer: the partner reads it.')).toBeVisible();
    await user.type(within(dialog).getByRole('textbox', { name: /^Answer/ }), 'bonus added');
    await user.click(within(dialog).getByRole('button', { name: 'Adjust and resolve' }));
    expect(await within(dialog).findByText(/Enter the adjustment/)).toBeVisible();
    expect(api.calls('POST /api/disputes/{id}/resolve')).toHaveLength(0);

    await user.type(within(dialog).getByRole('textbox', { name: /^Adjustment amount/ }), '25');
    await user.click(within(dialog).getByRole('button', { name: 'Adjust and resolve' }));
    await waitFor(() => expect(api.calls('POST /api/disputes/{id}/resolve')).toHaveLength(1));
    expect(api.calls('POST /api/disputes/{id}/resolve')[0].body).toEqual({ outcome: 'adjusted', adjustment_amount: 25, answer: 'bonus added' });
    expect(await screen.findByText(/Adjusted by \$25\.00/)).toBeVisible();
  });

  it('declines with an answer and no amount', async () => {
    const { api, user } = setup();
    await user.click(await screen.findByRole('button', { name: 'Resolve “the bonus is missing”' }));
    const dialog = await screen.findByRole('dialog', { name: 'Resolve the dispute' });
    await user.click(within(dialog).getByText('Decline'));
    await user.type(within(dialog).getByRole('textbox', { name: /^Answer/ }), 'the rate is right');
    await user.click(within(dialog).getByRole('button', { name: 'Decline' }));
    await waitFor(() => expect(api.calls('POST /api/disputes/{id}/resolve')).toHaveLength(1));
    expect(api.calls('POST /api/disputes/{id}/resolve')[0].body).toEqual({ outcome: 'declined', answer: 'the rate is right' });
    expect(await screen.findByText('Dispute declined.')).toBeVisible();
  });
});
