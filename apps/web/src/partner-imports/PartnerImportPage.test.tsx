import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PARTNER_IMPORT_COLUMNS } from '@spiffworks/contracts';
import type { Schemas } from '../api/client';
import { FakeUpload, captureDownloads, contentOf } from '../test/fake-upload';
import { mockApi, problem, renderApp } from '../test/render';

const IMPORT_ID = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const STATUS = 'GET /api/partners/imports/{id}';
const INVITES = 'GET /api/partners/imports/{id}/invites.csv';

const view = (overrides: Partial<Schemas['PartnerImportResponse']> = {}): Schemas['PartnerImportResponse'] => ({
  id: IMPORT_ID, status: 'queued', file_name: 'partners-2025.csv', rows_total: 4, rows_accepted: 0, rows_rejected: 0, errors: [], failure: null,
  created_at: '2025-02-01T09:00:00.000Z', finished_at: null, rows_purged_at: null, ...overrides,
});
const completed = view({
  status: 'completed', rows_accepted: 3, rows_rejected: 1, finished_at: '2025-02-01T09:00:02.000Z',
  errors: [{ row: 4, field: 'tier', reason: 'must be one of the following values: bronze, silver, gold, platinum' }],
});

async function openScreen(handlers: Parameters<typeof mockApi>[0] = {}) {
  const api = mockApi(handlers);
  renderApp('/admin/partners/imports', { role: 'admin' });
  await screen.findByRole('heading', { level: 1, name: 'Import partners' });
  return { api, user: userEvent.setup() };
}

async function upload(user: ReturnType<typeof userEvent.setup>) {
  await user.upload(screen.getByLabelText('Partners file'), new File([`${PARTNER_IMPORT_COLUMNS.join(',')}\n`], 'partners-2025.csv', { type: 'text/csv' }));
  await user.click(screen.getByRole('button', { name: 'Upload' }));
  await waitFor(() => expect(FakeUpload.sent).toHaveLength(1));
  return FakeUpload.sent[0];
}

describe('import partners (admin)', () => {
  beforeEach(() => {
    FakeUpload.sent = [];
    vi.stubGlobal('XMLHttpRequest', FakeUpload);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("says what the file must look like from the server's own columns, password optional", async () => {
    await openScreen();
    const columns = screen.getByRole('table', { name: 'Columns of a partners file' });
    expect(within(columns).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell')[0].textContent)).toEqual([...PARTNER_IMPORT_COLUMNS, 'password']);
    expect(within(columns).getByText(/invite link instead/)).toBeVisible();
  });

  it('uploads the file to the partner import with the token and a key, shows the outcome, and downloads the invite links', async () => {
    const { api, user } = await openScreen({
      [STATUS]: () => completed,
      [INVITES]: () => new Response('row,name,contact_email,invite_url,expires_at\n2,Acme,a@acme.example,http://x/invite#token=t,2025-02-08T09:00:00.000Z\n', { status: 200, headers: { 'content-type': 'text/csv' } }),
    });
    const sent = await upload(user);
    expect(sent.url).toBe('/api/partners/imports');
    expect(sent.headers.get('authorization')).toMatch(/^Bearer /);
    expect(sent.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    sent.answer(202, { import_id: IMPORT_ID, status: 'queued' });

    expect(await screen.findByText(/registered as partners/)).toHaveTextContent('3 rows are registered as partners; 1 row was rejected (below).');
    expect(within(screen.getByRole('table', { name: 'Rejected rows' })).getAllByRole('row')[1]).toHaveTextContent(/4tiermust be one of the following values/);
    expect(api.calls(STATUS)[0].url.pathname).toBe(`/api/partners/imports/${IMPORT_ID}`);

    const saved = captureDownloads();
    await user.click(screen.getByRole('button', { name: 'Download invite links' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].name).toBe('partners-2025-invites.csv');
    expect(await contentOf(saved[0].blob)).toContain('/invite#token=t');
    expect(api.calls(INVITES)[0].headers.get('Authorization')).toMatch(/^Bearer /);
  });

  it('says when the invite links are no longer shown (410)', async () => {
    const { user } = await openScreen({
      [STATUS]: () => completed,
      [INVITES]: () => problem(410, 'INVITE_LINKS_WITHDRAWN', 'the invite links of partner import x were shown for 24 hours after it finished and are gone'),
    });
    (await upload(user)).answer(202, { import_id: IMPORT_ID, status: 'queued' });
    await user.click(await screen.findByRole('button', { name: 'Download invite links' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The invite links are no longer shown: the invite links of partner import x were shown for 24 hours');
  });

  it('is in the admin navigation, after the partners', async () => {
    await openScreen();
    const links = within(screen.getByRole('navigation', { name: 'Main navigation' })).getAllByRole('link').map((a) => a.textContent);
    expect(links.slice(links.indexOf('Partners'), links.indexOf('Partners') + 2)).toEqual(['Partners', 'Import partners']);
  });
});
