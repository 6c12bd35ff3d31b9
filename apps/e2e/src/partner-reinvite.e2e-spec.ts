import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@spiffworks/contracts';
import { errorsCsv, fileChunks, finishedImport, uploadCsv } from '@spiffworks/testing';
import { PARTNERS_PATH, PARTNER_FILE_HEADER } from './partner-import-files';
import { startPlatform, stopPlatform } from './support';
import type { RunningPlatform } from './support';

const TOKEN_LINK = /^http:\/\/[^/]+\/invite#token=([A-Za-z0-9_-]{43})$/;

/**
 * An admin's new invite link (`POST /api/partners/{id}/invite`) through the whole platform: a
 * partner imported with an invite gets a new link, its first token stops working, the new one is
 * accepted, and once the user has a password no further invite is issued.
 */
describe('partner re-invite: a new link replaces the lost one', () => {
  let running: RunningPlatform;

  beforeAll(async () => {
    running = await startPlatform();
  }, 120_000);
  afterAll(() => stopPlatform(running));

  it('imports a partner with an invite, invites it again: the old token is refused, the new one accepted; then 409', async () => {
    const email = `reinvite-${randomUUID().slice(0, 8)}@partners.example`;
    const values: Record<string, string> = { name: 'Reinvite Resellers', tier: 'gold', contact_email: email, status: 'approved' };
    const file = { header: PARTNER_FILE_HEADER, rows: [{ cells: PARTNER_FILE_HEADER.map((column) => values[column] ?? '') }] };
    const upload = await uploadCsv(running.platform.gatewayUrl, running.admin, fileChunks(file), randomUUID(), PARTNERS_PATH);
    expect(upload.status).toBe(202);
    const { view } = await finishedImport(running.api, running.admin, upload.body.import_id, 90_000, PARTNERS_PATH);
    expect(view).toMatchObject({ status: 'completed', rows_accepted: 1 });

    const invites = await errorsCsv(running.platform.gatewayUrl, running.admin, upload.body.import_id, PARTNERS_PATH, 'invites.csv');
    const oldToken = TOKEN_LINK.exec(invites.records.find((r) => r[2] === email)![3])![1];
    const [partner] = (await running.api.get<{ items: Array<{ id: string }> }>(`/api/partners?q=${encodeURIComponent(email)}`, running.admin)).body.items;

    // Only an admin may ask.
    const signedOut = await running.api.post(`/api/partners/${partner.id}/invite`, {});
    expect(signedOut.status).toBe(401);

    const reissued = await running.api.post<{ user_id: string; email: string; invite_url: string; expires_at: string }>(`/api/partners/${partner.id}/invite`, {}, running.admin);
    expect(reissued).toMatchObject({ status: 200, body: { user_id: expect.any(String), email, invite_url: expect.stringMatching(TOKEN_LINK), expires_at: expect.any(String) } });
    expect(new Date(reissued.body.expires_at).getTime()).toBeGreaterThan(Date.now());
    const newToken = TOKEN_LINK.exec(reissued.body.invite_url)![1];
    expect(newToken).not.toBe(oldToken);
    // The revoked invite is no longer in invites.csv either.
    const after = await errorsCsv(running.platform.gatewayUrl, running.admin, upload.body.import_id, PARTNERS_PATH, 'invites.csv');
    expect(after.records.slice(1).map((r) => r[2])).not.toContain(email);

    const old = await running.api.post('/api/auth/invites/accept', { token: oldToken, password: 'old-link-password-1' });
    expect({ status: old.status, code: old.body.code }).toEqual({ status: 404, code: ErrorCode.INVITE_NOT_FOUND });
    const accepted = await running.api.post('/api/auth/invites/accept', { token: newToken, password: 'new-link-password-1' });
    expect(accepted).toMatchObject({ status: 200, body: { user: { email, role: 'partner', status: 'active' } } });
    expect((await running.api.post('/api/auth/login', { email, password: 'new-link-password-1' })).status).toBe(200);

    const again = await running.api.post(`/api/partners/${partner.id}/invite`, {}, running.admin);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: ErrorCode.USER_NOT_INVITABLE });
    const unknown = await running.api.post(`/api/partners/${randomUUID()}/invite`, {}, running.admin);
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: ErrorCode.PARTNER_NOT_FOUND });
  }, 180_000);
});
