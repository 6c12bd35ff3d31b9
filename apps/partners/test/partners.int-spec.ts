import type { Pool } from 'pg';
import { ErrorCode, Events, Rpc } from '@spiffworks/contracts';
import type { Page, PartnerReachView, PartnerSnapshot, PartnerView, UserView } from '@spiffworks/contracts';
import { countRows, eventually, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker, TestRpcClient } from '@spiffworks/testing';
import { PartnersAppModule } from '../src/partners-app.module';

describe('partners service (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let broker: TestBroker;
  let db: Pool;
  let rpc: TestRpcClient;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'partners', module: PartnersAppModule.register, broker: true, env: { ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'root-password-1' } });
    ({ broker, db, rpc } = h);
    await broker.listen([Events.PartnerRegistered, Events.PartnerApproved, Events.PartnerUpdated]);
  });

  afterAll(() => h?.close());

  const register = (email: string, extra: Record<string, unknown> = {}): Promise<PartnerView> =>
    rpc.call<PartnerView>(Rpc.partners.Create, { name: 'TechCorp Partners Inc.', tier: 'gold', contact_email: email, ...extra });

  it('creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD, with a hashed password', async () => {
    const admin = await rpc.call<UserView>(Rpc.partners.VerifyCredentials, { email: 'root@example.com', password: 'root-password-1' }, null);
    expect(admin).toMatchObject({ email: 'root@example.com', role: 'admin', partner_id: null });
    const { rows } = await db.query('SELECT password_hash FROM users WHERE email = $1', ['root@example.com']);
    expect(rows[0].password_hash).toMatch(/^\$2[aby]\$10\$/);
  });

  it('rejects wrong credentials with 401, whether the email or the password is wrong', async () => {
    for (const credentials of [{ email: 'root@example.com', password: 'nope-nope' }, { email: 'nobody@example.com', password: 'root-password-1' }]) {
      await expect(rpc.call(Rpc.partners.VerifyCredentials, credentials, null)).rejects.toMatchObject({
        error: { status: 401, code: ErrorCode.INVALID_CREDENTIALS, message: 'email or password is wrong' },
      });
    }
  });

  it('registers a pending partner with a portal user and publishes partner.registered through the outbox', async () => {
    const partner = await register('sales@techcorp.example', { password: 'partner-pass-1' });
    expect(partner).toMatchObject({ name: 'TechCorp Partners Inc.', tier: 'gold', status: 'pending', contact_email: 'sales@techcorp.example' });
    const user = await rpc.call<UserView>(Rpc.partners.VerifyCredentials, { email: 'SALES@techcorp.example', password: 'partner-pass-1' }, null);
    expect(user).toMatchObject({ role: 'partner', partner_id: partner.id });

    const [event] = await eventually(
      async () => broker.eventsOf<PartnerSnapshot>(Events.PartnerRegistered).filter((e) => e.payload.id === partner.id),
      (events) => events.length === 1,
    );
    expect(event).toMatchObject({ type: 'partner.registered', version: 1, source: 'partners', payload: { status: 'pending', version: 1 } });
    // The relay marks a row sent once the broker confirmed it, which may be just after delivery.
    await eventually(() => countRows(db, 'SELECT count(*) FROM outbox WHERE published_at IS NULL'), (unsent) => unsent === 0);
  });

  it('approves once, publishing partner.approved with the next version; approving again changes nothing', async () => {
    const partner = await register('approve-me@example.com');
    const approved = await rpc.call<PartnerView>(Rpc.partners.Approve, { id: partner.id });
    expect(approved.status).toBe('approved');
    await rpc.call<PartnerView>(Rpc.partners.Approve, { id: partner.id });
    await eventually(
      async () => broker.eventsOf<PartnerSnapshot>(Events.PartnerApproved).filter((e) => e.payload.id === partner.id),
      (events) => events.length === 1,
    );
    expect(await countRows(db, `SELECT count(*) FROM outbox WHERE envelope->'payload'->>'id' = $1`, [partner.id])).toBe(2);
    expect((await db.query('SELECT version FROM partners WHERE id = $1', [partner.id])).rows[0].version).toBe(2);
  });

  it('moves a partner to another tier and publishes partner.updated', async () => {
    const partner = await register('tiered@example.com');
    const updated = await rpc.call<PartnerView>(Rpc.partners.Update, { id: partner.id, tier: 'platinum' });
    expect(updated.tier).toBe('platinum');
    await eventually(
      async () => broker.eventsOf<PartnerSnapshot>(Events.PartnerUpdated).filter((e) => e.payload.id === partner.id),
      (events) => events.length === 1 && events[0].payload.tier === 'platinum' && events[0].payload.version === 2,
    );
  });

  it('refuses a second partner with the same contact email (409) and leaves nothing behind', async () => {
    await register('dupe@example.com', { password: 'partner-pass-1' });
    const before = await countRows(db, 'SELECT count(*) FROM outbox');
    await expect(register('DUPE@example.com', { password: 'partner-pass-2' })).rejects.toMatchObject({ error: { status: 409 } });
    expect(await countRows(db, 'SELECT count(*) FROM partners WHERE lower(contact_email) = $1', ['dupe@example.com'])).toBe(1);
    expect(await countRows(db, 'SELECT count(*) FROM outbox')).toBe(before);
  });

  it('answers 404 for an unknown partner and lists partners by tier and status, paged', async () => {
    await expect(rpc.call(Rpc.partners.Get, { id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ error: { status: 404 } });
    for (const email of ['list-1@example.com', 'list-2@example.com', 'list-3@example.com']) await register(email);
    const pendingGold = await countRows(db, `SELECT count(*) FROM partners WHERE tier = 'gold' AND status = 'pending'`);
    const page = await rpc.call<Page<PartnerView>>(Rpc.partners.List, { tier: 'gold', status: 'pending', page: 1, page_size: 2 });
    expect(page.items.length).toBe(2);
    expect(page.total).toBe(pendingGold);
    expect(page.items.every((p) => p.tier === 'gold' && p.status === 'pending')).toBe(true);
  });

  it('answers the names of known partners, leaving unknown ids out', async () => {
    const named = await register('named@example.com', { name: 'Named Partner' });
    expect(await rpc.call(Rpc.partners.Names, { ids: [named.id, named.id, '00000000-0000-4000-8000-0000000000bb'] })).toEqual({ [named.id]: 'Named Partner' });
    expect(await rpc.call(Rpc.partners.Names, { ids: [] })).toEqual({});
  });

  it('names the ids that are not partners', async () => {
    const known = await register('known@example.com');
    const unknown = '00000000-0000-4000-8000-000000000099';
    expect(await rpc.call(Rpc.partners.FindMissing, { ids: [known.id, unknown] })).toEqual([unknown]);
  });
  it('searches partners by a part of the name or contact email, whatever the case, taking % and _ literally', async () => {
    const acme = await rpc.call<PartnerView>(Rpc.partners.Create, { name: 'Acme 100% Resellers', tier: 'silver', contact_email: 'deals@acme-search.example' });
    await rpc.call<PartnerView>(Rpc.partners.Create, { name: 'Acme Other', tier: 'gold', contact_email: 'x_y@elsewhere-search.example' });
    const byName = await rpc.call<Page<PartnerView>>(Rpc.partners.List, { q: 'ACME 100%', page: 1, page_size: 10 });
    expect(byName.items.map((p) => p.id)).toEqual([acme.id]);
    expect(byName.total).toBe(1);
    const byEmail = await rpc.call<Page<PartnerView>>(Rpc.partners.List, { q: 'acme-search', tier: 'silver', page: 1, page_size: 10 });
    expect(byEmail.items.map((p) => p.id)).toEqual([acme.id]);
    // `_` is no wildcard: "x_y" finds the one email holding it, "x%y" finds nothing.
    expect((await rpc.call<Page<PartnerView>>(Rpc.partners.List, { q: 'x_y@', page: 1, page_size: 10 })).total).toBe(1);
    expect((await rpc.call<Page<PartnerView>>(Rpc.partners.List, { q: 'x%y', page: 1, page_size: 10 })).total).toBe(0);
  });

  it("counts whom a spiff's targeting reaches: approved partners of the tiers, or approved ones among the listed", async () => {
    const counts = async (): Promise<Record<string, number>> => {
      const { rows } = await db.query(`SELECT tier || '/' || status AS k, count(*)::int AS n FROM partners GROUP BY 1`);
      return Object.fromEntries(rows.map((r) => [r.k, r.n]));
    };
    const approvedPlatinum = await register('reach-platinum@example.com', { tier: 'platinum' });
    await rpc.call(Rpc.partners.Approve, { id: approvedPlatinum.id });
    const suspended = await register('reach-suspended@example.com', { tier: 'platinum' });
    await rpc.call(Rpc.partners.Approve, { id: suspended.id });
    await rpc.call(Rpc.partners.Suspend, { id: suspended.id });
    const now = await counts();
    const reach = await rpc.call<PartnerReachView>(Rpc.partners.Reach, { assignment_type: 'tier', target_tiers: ['gold', 'platinum'] });
    const n = (k: string): number => now[k] ?? 0;
    expect(reach).toEqual({
      approved_partners: n('gold/approved') + n('platinum/approved'),
      targeted_partners: ['gold', 'platinum'].flatMap((t) => ['pending', 'approved', 'suspended'].map((s) => n(`${t}/${s}`))).reduce((a, b) => a + b, 0),
      by_status: {
        pending: n('gold/pending') + n('platinum/pending'),
        approved: n('gold/approved') + n('platinum/approved'),
        suspended: n('gold/suspended') + n('platinum/suspended'),
      },
      approved_by_tier: { gold: n('gold/approved'), platinum: n('platinum/approved') },
      unknown_partners: [],
    });
    expect(reach.approved_by_tier.platinum).toBeGreaterThanOrEqual(1);

    const pending = await register('reach-pending@example.com');
    const unknown = '00000000-0000-4000-8000-0000000000aa';
    const listed = await rpc.call<PartnerReachView>(Rpc.partners.Reach, {
      assignment_type: 'individual', target_partners: [approvedPlatinum.id, suspended.id, pending.id, approvedPlatinum.id, unknown],
    });
    expect(listed).toEqual({
      approved_partners: 1, targeted_partners: 3, by_status: { pending: 1, approved: 1, suspended: 1 }, approved_by_tier: {}, unknown_partners: [unknown],
    });
    expect(await rpc.call(Rpc.partners.Reach, { assignment_type: 'tier', target_tiers: [] })).toMatchObject({ approved_partners: 0, targeted_partners: 0 });
  });

  it('lists users by role and status with an email search, paged', async () => {
    await rpc.call<UserView>(Rpc.partners.CreateUser, { email: 'Listed-Analyst@Example.com', password: 'analyst-pass-1', role: 'analyst' });
    const analysts = await rpc.call<Page<UserView>>(Rpc.partners.ListUsers, { role: 'analyst', page: 1, page_size: 50 });
    expect(analysts.items.map((u) => u.email)).toContain('listed-analyst@example.com');
    expect(analysts.items.every((u) => u.role === 'analyst')).toBe(true);
    const found = await rpc.call<Page<UserView>>(Rpc.partners.ListUsers, { q: 'LISTED-analyst', page: 1, page_size: 50 });
    expect(found).toMatchObject({ total: 1, page: 1, page_size: 50, items: [{ email: 'listed-analyst@example.com', role: 'analyst', status: 'active', partner_id: null }] });
    const admins = await rpc.call<Page<UserView>>(Rpc.partners.ListUsers, { role: 'admin', status: 'active', page: 1, page_size: 1 });
    expect(admins.items[0]).toMatchObject({ email: 'root@example.com', role: 'admin' });
    expect((await rpc.call<Page<UserView>>(Rpc.partners.ListUsers, { status: 'inactive', page: 1, page_size: 50 })).total).toBe(0);
  });
});
