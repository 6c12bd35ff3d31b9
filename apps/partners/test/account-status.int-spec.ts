import type { Pool } from 'pg';
import { ErrorCode, Events, Rpc } from '@spiffworks/contracts';
import type { AccountAccessView, Actor, PartnerSnapshot, PartnerView, UserView } from '@spiffworks/contracts';
import { eventually, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker, TestRpcClient } from '@spiffworks/testing';
import { PartnersAppModule } from '../src/partners-app.module';

/** Admins deactivate users and suspend partners; neither signs in, both come back. */
describe('partners service: deactivated users and suspended partners (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let broker: TestBroker;
  let db: Pool;
  let rpc: TestRpcClient;
  let admin: Actor;

  const login = (email: string, password: string) => rpc.call<UserView>(Rpc.partners.VerifyCredentials, { email, password }, null);
  const access = (userId: string) => rpc.call<AccountAccessView>(Rpc.partners.AccountAccess, { user_id: userId }, null);
  const disabled = { error: { code: ErrorCode.ACCOUNT_DISABLED, status: 401 } };

  beforeAll(async () => {
    h = await serviceHarness({ service: 'partners', module: PartnersAppModule.register, broker: true, env: { ADMIN_EMAIL: 'root@status.example', ADMIN_PASSWORD: 'root-password-1' } });
    ({ broker, db, rpc } = h);
    await broker.listen([Events.PartnerApproved, Events.PartnerUpdated]);
    const root = await login('root@status.example', 'root-password-1');
    admin = { user_id: root.id, role: 'admin', partner_id: null };
  });

  afterAll(() => h?.close());

  it('every user starts active, the first admin included', async () => {
    expect(await login('root@status.example', 'root-password-1')).toMatchObject({ role: 'admin', status: 'active' });
    const analyst = await rpc.call<UserView>(Rpc.partners.CreateUser, { email: 'fresh@status.example', password: 'analyst-pass-1', role: 'analyst' }, admin);
    expect(analyst.status).toBe('active');
    expect(await access(analyst.id)).toEqual({ user_id: analyst.id, allowed: true, reason: null });
  });

  it('a deactivated user cannot sign in (401 ACCOUNT_DISABLED, only with the right password) until reactivated', async () => {
    const analyst = await rpc.call<UserView>(Rpc.partners.CreateUser, { email: 'analyst@status.example', password: 'analyst-pass-1', role: 'analyst' }, admin);
    const deactivated = await rpc.call<UserView>(Rpc.partners.UpdateUser, { id: analyst.id, status: 'inactive' }, admin);
    expect(deactivated).toMatchObject({ id: analyst.id, status: 'inactive' });
    expect((await db.query('SELECT status FROM users WHERE id = $1', [analyst.id])).rows[0].status).toBe('inactive');

    await expect(login('analyst@status.example', 'analyst-pass-1')).rejects.toMatchObject(disabled);
    // A wrong password says nothing about the account's status.
    await expect(login('analyst@status.example', 'wrong-password')).rejects.toMatchObject({ error: { code: ErrorCode.INVALID_CREDENTIALS } });
    expect(await access(analyst.id)).toEqual({ user_id: analyst.id, allowed: false, reason: 'the account is deactivated' });

    expect(await rpc.call<UserView>(Rpc.partners.UpdateUser, { id: analyst.id, status: 'active' }, admin)).toMatchObject({ status: 'active' });
    expect(await login('analyst@status.example', 'analyst-pass-1')).toMatchObject({ id: analyst.id, status: 'active' });
    expect((await access(analyst.id)).allowed).toBe(true);
  });

  it('refuses to deactivate one\'s own account (400 naming status) and an unknown user (404)', async () => {
    await expect(rpc.call(Rpc.partners.UpdateUser, { id: admin.user_id, status: 'inactive' }, admin)).rejects.toMatchObject({
      error: { code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'status', reason: 'cannot deactivate your own account' }] },
    });
    expect(await login('root@status.example', 'root-password-1')).toMatchObject({ status: 'active' });
    await expect(rpc.call(Rpc.partners.UpdateUser, { id: '00000000-0000-4000-8000-00000000beef', status: 'inactive' }, admin))
      .rejects.toMatchObject({ error: { code: ErrorCode.USER_NOT_FOUND, status: 404 } });
    expect((await access('00000000-0000-4000-8000-00000000beef')).allowed).toBe(false);
  });

  it('suspends a partner (partner.updated, next version): its user cannot sign in; approving it again lets it back', async () => {
    const partner = await rpc.call<PartnerView>(Rpc.partners.Create, { name: 'Suspended Inc.', tier: 'gold', contact_email: 'sales@suspended.example', password: 'partner-pass-1' });
    await rpc.call(Rpc.partners.Approve, { id: partner.id });
    const user = await login('sales@suspended.example', 'partner-pass-1');

    const suspended = await rpc.call<PartnerView>(Rpc.partners.Suspend, { id: partner.id });
    expect(suspended.status).toBe('suspended');
    await expect(login('sales@suspended.example', 'partner-pass-1')).rejects.toMatchObject(disabled);
    expect(await access(user.id)).toEqual({ user_id: user.id, allowed: false, reason: 'the partner account is suspended' });
    // Suspending again changes nothing.
    expect((await rpc.call<PartnerView>(Rpc.partners.Suspend, { id: partner.id })).status).toBe('suspended');
    await eventually(
      async () => broker.eventsOf<PartnerSnapshot>(Events.PartnerUpdated).filter((e) => e.payload.id === partner.id),
      (events) => events.length === 1 && events[0].payload.status === 'suspended' && events[0].payload.version === 3,
    );

    expect((await rpc.call<PartnerView>(Rpc.partners.Approve, { id: partner.id })).status).toBe('approved');
    expect(await login('sales@suspended.example', 'partner-pass-1')).toMatchObject({ id: user.id, partner_id: partner.id });
    expect((await access(user.id)).allowed).toBe(true);
    await eventually(
      async () => broker.eventsOf<PartnerSnapshot>(Events.PartnerApproved).filter((e) => e.payload.id === partner.id),
      (events) => events.length === 2 && events[1].payload.status === 'approved' && events[1].payload.version === 4,
    );
  });

  it('a pending partner\'s user may still sign in (it logs no sales until approved); an unknown partner cannot be suspended', async () => {
    const partner = await rpc.call<PartnerView>(Rpc.partners.Create, { name: 'Pending Inc.', tier: 'silver', contact_email: 'sales@pending.example', password: 'partner-pass-1' });
    expect(await login('sales@pending.example', 'partner-pass-1')).toMatchObject({ partner_id: partner.id, status: 'active' });
    await expect(rpc.call(Rpc.partners.Suspend, { id: '00000000-0000-4000-8000-00000000beef' }))
      .rejects.toMatchObject({ error: { code: ErrorCode.PARTNER_NOT_FOUND, status: 404 } });
  });
});
