import { randomUUID } from 'node:crypto';
import { ErrorCode, PARTNER_IMPORT_COLUMNS } from '@spiffworks/contracts';
import type { ImportedPartner } from '@spiffworks/contracts';
import { TEST_ADMIN, refusalOf, serviceHarness } from '@spiffworks/testing';
import type { ServiceHarness } from '@spiffworks/testing';
import { IdentityService } from '../src/identity/identity.service';
import { PartnerImportWorker } from '../src/partner-imports/partner-import.worker';
import { PartnerImportsService } from '../src/partner-imports/partner-imports.service';
import { PartnersAppModule } from '../src/partners-app.module';
import { PartnersService } from '../src/partners/partners.service';

/** An admin's new invite for a partner's user: the old tokens stop working, the new one is accepted once. */
describe('partners: a new invite for a partner user (service and PostgreSQL, no broker)', () => {
  let h: ServiceHarness;
  let partners: PartnersService;
  let identity: IdentityService;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'partners', module: PartnersAppModule.register, env: { INVITE_TTL_HOURS: '48' } });
    partners = h.get(PartnersService);
    identity = h.get(IdentityService);
  });
  afterAll(() => h?.close());

  /** Imports one partner without a password: an invited user; answers its partner id and the import's token. */
  async function invitedPartner(email: string): Promise<{ partnerId: string; token: string }> {
    const imports = h.get(PartnerImportsService);
    const partner: ImportedPartner = { name: `Partner ${email}`, tier: 'silver', contact_email: email, status: 'approved' };
    const opened = await imports.open({ header: [...PARTNER_IMPORT_COLUMNS], file_name: null }, TEST_ADMIN);
    await imports.append({ import_id: opened.id, rows: [{ row: 2, cells: [partner.name, 'silver', email, 'approved'], partner }] }, TEST_ADMIN);
    await imports.close({ import_id: opened.id, rows_total: 1 }, TEST_ADMIN);
    while (await h.get(PartnerImportWorker).processNextChunk()) { /* every chunk */ }
    const { invites } = await imports.invitesPage({ import_id: opened.id, after_row: 0, limit: 10 }, TEST_ADMIN);
    const [{ id }] = await h.rows<{ id: string }>('SELECT id FROM partners WHERE contact_email = $1', [email]);
    return { partnerId: id, token: invites[0].token };
  }

  it('revokes every earlier invite and answers a new token, valid INVITE_TTL_HOURS, that is accepted once', async () => {
    const { partnerId, token: first } = await invitedPartner('lost-link@reinvite.example');
    const second = await partners.reissueInvite(partnerId);
    expect(second).toMatchObject({ email: 'lost-link@reinvite.example', token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const hours = (new Date(second.expires_at).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(47);
    expect(hours).toBeLessThanOrEqual(48);
    const third = await partners.reissueInvite(partnerId);
    expect(new Set([first, second.token, third.token]).size).toBe(3);

    // Only the hash of the new token is kept, and only the newest invite is waiting.
    const invites = await h.rows<{ revoked: boolean; import_id: string | null }>(
      'SELECT revoked_at IS NOT NULL AS revoked, import_id FROM user_invites WHERE user_id = $1 ORDER BY created_at, revoked_at NULLS LAST', [third.user_id]);
    expect(invites.map((i) => i.revoked)).toEqual([true, true, false]);
    expect(invites[2].import_id).toBeNull();
    expect(await h.count('SELECT count(*) FROM user_invites WHERE token_hash = $1', [third.token])).toBe(0);

    for (const revoked of [first, second.token]) {
      expect(await refusalOf(identity.acceptInvite({ token: revoked, password: 'revoked-password-1' }))).toMatchObject({ status: 404, code: ErrorCode.INVITE_NOT_FOUND });
    }
    expect(await identity.acceptInvite({ token: third.token, password: 'chosen-password-1' })).toMatchObject({ email: 'lost-link@reinvite.example', status: 'active' });

    // A user with a password needs no invite.
    expect(await refusalOf(partners.reissueInvite(partnerId))).toMatchObject({ status: 409, code: ErrorCode.USER_NOT_INVITABLE, message: expect.stringContaining('already chose a password') });
  });

  it('refuses an unknown partner, a partner without a portal user and a deactivated user, changing nothing', async () => {
    expect(await refusalOf(partners.reissueInvite(randomUUID()))).toMatchObject({ status: 404, code: ErrorCode.PARTNER_NOT_FOUND });
    const userless = await partners.register({ name: 'No Portal Ltd.', tier: 'gold', contact_email: 'no-portal@reinvite.example' });
    expect(await refusalOf(partners.reissueInvite(userless.id))).toMatchObject({ status: 404, code: ErrorCode.USER_NOT_FOUND });

    const { partnerId, token } = await invitedPartner('deactivated@reinvite.example');
    const [{ id: userId }] = await h.rows<{ id: string }>('SELECT id FROM users WHERE partner_id = $1', [partnerId]);
    await identity.updateUser({ id: userId, status: 'inactive' }, TEST_ADMIN);
    expect(await refusalOf(partners.reissueInvite(partnerId))).toMatchObject({ status: 409, code: ErrorCode.USER_NOT_INVITABLE, message: expect.stringContaining('inactive') });
    expect(await h.count('SELECT count(*) FROM user_invites WHERE user_id = $1 AND revoked_at IS NULL', [userId])).toBe(1);
    // Activated again (still invited, no password): it can be invited anew.
    await identity.updateUser({ id: userId, status: 'active' }, TEST_ADMIN);
    const fresh = await partners.reissueInvite(partnerId);
    expect(fresh.token).not.toBe(token);
  });
});
