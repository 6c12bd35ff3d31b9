import { createHash } from 'node:crypto';
import { ErrorCode, Events, PARTNER_IMPORT_COLUMNS } from '@spiffworks/contracts';
import type { FieldError, ImportedPartner, PartnerImportRow, PartnerImportView, PartnersImportedPayload, UserView } from '@spiffworks/contracts';
import { TEST_ADMIN, refusalOf, serviceHarness } from '@spiffworks/testing';
import type { ServiceHarness } from '@spiffworks/testing';
import { IdentityService } from '../src/identity/identity.service';
import { PartnerImportWorker } from '../src/partner-imports/partner-import.worker';
import { PartnerImportsService } from '../src/partner-imports/partner-imports.service';
import { PartnersAppModule } from '../src/partners-app.module';
import { PartnersService } from '../src/partners/partners.service';

const HEADER = [...PARTNER_IMPORT_COLUMNS, 'password'];

/** A data row: a partner whose shape passed the gateway's validation, or the cells it refused and why. */
type FileRow = ImportedPartner | { cells: string[]; errors: FieldError[] };

const cellsOf = (p: ImportedPartner): string[] => [p.name, p.tier, p.contact_email, p.status, ''];
const numbered = (rows: FileRow[]): PartnerImportRow[] =>
  rows.map((r, i) => ('errors' in r ? { row: i + 2, cells: r.cells, errors: r.errors } : { row: i + 2, cells: cellsOf(r), partner: r }));

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Partner files in the partners service: every accepted row a partner as POST /api/partners registers it, with its user. */
describe('partners: partner imports (service and PostgreSQL, no broker)', () => {
  let h: ServiceHarness;
  let imports: PartnerImportsService;
  let worker: PartnerImportWorker;
  let files = 0;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'partners', module: PartnersAppModule.register, env: { INVITE_TTL_HOURS: '72', INVITE_LINKS_HOURS: '2' } });
    imports = h.get(PartnerImportsService);
    worker = h.get(PartnerImportWorker);
  });
  afterAll(() => h?.close());

  const partner = (email: string, change: Partial<ImportedPartner> = {}): ImportedPartner => ({
    name: `Partner ${email.split('@')[0]}`, tier: 'gold', contact_email: email, status: 'approved', ...change,
  });

  async function upload(rows: FileRow[]): Promise<string> {
    const opened = await imports.open({ header: HEADER, file_name: `partners-${++files}.csv` }, TEST_ADMIN);
    await imports.append({ import_id: opened.id, rows: numbered(rows) }, TEST_ADMIN);
    await imports.close({ import_id: opened.id, rows_total: rows.length }, TEST_ADMIN);
    return opened.id;
  }

  async function importFile(rows: FileRow[], chunkRows?: number): Promise<PartnerImportView> {
    const id = await upload(rows);
    while (await worker.processNextChunk(chunkRows)) { /* every chunk */ }
    return imports.get({ import_id: id }, TEST_ADMIN);
  }

  const partnersWith = (emails: string[]) =>
    h.rows<{ id: string; name: string; tier: string; status: string; contact_email: string; version: number }>(
      'SELECT id, name, tier, status, contact_email, version FROM partners WHERE contact_email = ANY ($1) ORDER BY contact_email', [emails]);
  const usersWith = (emails: string[]) =>
    h.rows<{ email: string; status: string; password_hash: string | null; role: string; partner_id: string }>(
      'SELECT email, status, password_hash, role, partner_id FROM users WHERE email = ANY ($1) ORDER BY email', [emails.map((e) => e.toLowerCase())]);

  it('registers every good row as POST /api/partners would, with a user: an invite without a password, the bcrypt hash of one with it; one event per chunk', async () => {
    await h.newEvents();
    const rows = [
      partner('ada@one.example'),
      partner('  Bob@One.example ', { name: '  Bob Resellers  ', tier: 'silver', status: 'pending' }),
      partner('cy@one.example', { password: 'cy-portal-password' }),
    ];
    const view = await importFile(rows, 2);
    expect(view).toMatchObject({ status: 'completed', rows_total: 3, rows_accepted: 3, rows_rejected: 0, errors: [] });

    const byEmail = new Map((await partnersWith(['ada@one.example', 'Bob@One.example', 'cy@one.example'])).map((p) => [p.contact_email, p]));
    const stored = ['ada@one.example', 'Bob@One.example', 'cy@one.example'].map((email) => byEmail.get(email)!);
    expect(stored.map(({ id: _id, ...p }) => p)).toEqual([
      { name: 'Partner ada', tier: 'gold', status: 'approved', contact_email: 'ada@one.example', version: 1 },
      { name: 'Bob Resellers', tier: 'silver', status: 'pending', contact_email: 'Bob@One.example', version: 1 },
      { name: 'Partner cy', tier: 'gold', status: 'approved', contact_email: 'cy@one.example', version: 1 },
    ]);
    const users = await usersWith(['ada@one.example', 'bob@one.example', 'cy@one.example']);
    expect(users.map((u) => ({ email: u.email, status: u.status, role: u.role, hashed: u.password_hash !== null }))).toEqual([
      { email: 'ada@one.example', status: 'invited', role: 'partner', hashed: false },
      { email: 'bob@one.example', status: 'invited', role: 'partner', hashed: false },
      { email: 'cy@one.example', status: 'active', role: 'partner', hashed: true },
    ]);
    expect(users[2].password_hash).toMatch(/^\$2[aby]\$10\$/);
    const cy = await h.get(IdentityService).verifyCredentials({ email: 'cy@one.example', password: 'cy-portal-password' });
    expect(cy).toMatchObject({ role: 'partner', partner_id: stored[2].id, status: 'active' });
    // An invited user cannot sign in (it has no password), and is not allowed in with a token either.
    expect(await refusalOf(h.get(IdentityService).verifyCredentials({ email: 'ada@one.example', password: 'anything-at-all' }))).toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS });
    const ada = users[0];
    const [adaUser] = await h.rows<{ id: string }>('SELECT id FROM users WHERE email = $1', [ada.email]);
    expect(await h.get(IdentityService).accountAccess(adaUser.id)).toEqual({ user_id: adaUser.id, allowed: false, reason: 'the account has not accepted its invite yet' });

    // Chunks of two rows: two events, each the snapshots of its chunk's partners.
    const events = (await h.newEvents()).filter((e) => e.type === Events.PartnersImported);
    expect(events.map((e) => (e.payload as PartnersImportedPayload).partners.map((p) => p.contact_email))).toEqual([
      ['ada@one.example', 'Bob@One.example'], ['cy@one.example'],
    ]);
    expect((events[0].payload as PartnersImportedPayload)).toEqual({
      import_id: view.id,
      partners: [
        { id: stored[0].id, name: 'Partner ada', tier: 'gold', status: 'approved', contact_email: 'ada@one.example', version: 1 },
        { id: stored[1].id, name: 'Bob Resellers', tier: 'silver', status: 'pending', contact_email: 'Bob@One.example', version: 1 },
      ],
    });
    // Invites store only the SHA-256 of their token, valid INVITE_TTL_HOURS.
    const invites = await h.rows<{ token_hash: string; hours: number; row: number }>(
      `SELECT token_hash, round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours, row FROM user_invites WHERE import_id = $1 ORDER BY row`, [view.id]);
    expect(invites.map((i) => ({ row: i.row, hours: i.hours, hash: /^[0-9a-f]{64}$/.test(i.token_hash) }))).toEqual([
      { row: 2, hours: 72, hash: true }, { row: 3, hours: 72, hash: true },
    ]);
  });

  it('rejects taken and repeated emails in row order, naming the row that has it; the first row wins, in a chunk or across chunks', async () => {
    await h.get(PartnersService).register({ name: 'Existing Partner', tier: 'gold', contact_email: 'Taken@Two.example' });
    const rows: FileRow[] = [
      partner('first@two.example'),                             // 2: accepted
      partner('taken@two.example'),                             // 3: a partner has it (whatever the case)
      partner('FIRST@two.example'),                             // 4: row 2 has it (same chunk)
      { cells: ['', 'gold', 'x@two.example', 'approved', ''], errors: [{ field: 'name', reason: 'is required' }] }, // 5: refused on arrival
      partner('x@two.example'),                                 // 6: accepted (row 5 never became a partner)
      partner('first@two.example', { tier: 'bronze' }),         // 7: row 2 has it (another chunk)
      partner('root@two.example'),                              // 8: accepted
      partner('x@two.example'),                                 // 9: row 6 has it (another chunk)
    ];
    await h.rows(`INSERT INTO users (id, email, password_hash, role, partner_id) VALUES (gen_random_uuid(), 'staff@two.example', 'x', 'analyst', NULL)`);
    rows.push(partner('staff@two.example'));                   // 10: a user has it
    const view = await importFile(rows, 3);
    expect(view).toMatchObject({ status: 'completed', rows_total: 9, rows_accepted: 3, rows_rejected: 6 });
    expect(view.errors).toEqual([
      { row: 3, field: 'contact_email', reason: 'a partner with contact_email taken@two.example already exists' },
      { row: 4, field: 'contact_email', reason: 'contact_email FIRST@two.example is already used by row 2 of this file' },
      { row: 5, field: 'name', reason: 'is required' },
      { row: 7, field: 'contact_email', reason: 'contact_email first@two.example is already used by row 2 of this file' },
      { row: 9, field: 'contact_email', reason: 'contact_email x@two.example is already used by row 6 of this file' },
      { row: 10, field: 'contact_email', reason: 'a user with email staff@two.example already exists' },
    ]);
    expect((await partnersWith(['first@two.example', 'x@two.example', 'root@two.example'])).map((p) => p.tier)).toEqual(['gold', 'gold', 'gold']);
  });

  it('registers nothing twice when the same file is imported again: every row is a taken email', async () => {
    const rows = [partner('again-1@three.example'), partner('again-2@three.example', { password: 'again-password-2' })];
    expect(await importFile(rows)).toMatchObject({ rows_accepted: 2, rows_rejected: 0 });
    const again = await importFile(rows);
    expect(again).toMatchObject({ status: 'completed', rows_accepted: 0, rows_rejected: 2 });
    expect(again.errors.map((e) => e.reason)).toEqual([
      'a partner with contact_email again-1@three.example already exists', 'a partner with contact_email again-2@three.example already exists',
    ]);
    expect(await h.count(`SELECT count(*) FROM partners WHERE contact_email LIKE 'again-%'`)).toBe(2);
    expect(await h.count(`SELECT count(*) FROM users WHERE email LIKE 'again-%'`)).toBe(2);
  });

  it('never stores a password readable: sealed on arrival, hashed before its chunk, forgotten once weighed or when the upload fails', async () => {
    const secret = 'very-secret-portal-password';
    const id = await upload([partner('sealed@four.example', { password: secret })]);
    const staged = await h.rows<{ partner: string }>('SELECT partner::text FROM partner_import_rows WHERE import_id = $1', [id]);
    expect(staged[0].partner).not.toContain(secret);
    expect(staged[0].partner).toContain('sealed_password');
    while (await worker.processNextChunk()) { /* every chunk */ }
    const weighed = await h.rows<{ partner: string }>('SELECT partner::text FROM partner_import_rows WHERE import_id = $1', [id]);
    expect(weighed[0].partner).not.toMatch(/sealed_password|password_hash/);
    expect(await h.get(IdentityService).verifyCredentials({ email: 'sealed@four.example', password: secret })).toMatchObject({ status: 'active' });

    const cut = await imports.open({ header: HEADER, file_name: null }, TEST_ADMIN);
    await imports.append({ import_id: cut.id, rows: numbered([partner('cut@four.example', { password: secret })]) }, TEST_ADMIN);
    expect(await imports.abort({ import_id: cut.id, reason: 'the upload broke off' }, TEST_ADMIN)).toMatchObject({ status: 'failed' });
    const dropped = await h.rows<{ partner: string }>('SELECT partner::text FROM partner_import_rows WHERE import_id = $1', [cut.id]);
    expect(dropped[0].partner).not.toMatch(/sealed_password|password_hash/);
  });

  it("reads an import's invites back with their tokens (admins only, within the window), and an invite accepted sets the password once", async () => {
    const view = await importFile([partner('inv-1@five.example'), partner('inv-2@five.example', { password: 'own-password-1' }), partner('inv-3@five.example')]);
    const page = await imports.invitesPage({ import_id: view.id, after_row: 0, limit: 1 }, TEST_ADMIN);
    expect(page).toEqual({ invites: [{ row: 2, name: 'Partner inv-1', contact_email: 'inv-1@five.example', token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expires_at: expect.any(String) }], next_after_row: 2 });
    const next = await imports.invitesPage({ import_id: view.id, after_row: 2, limit: 1 }, TEST_ADMIN);
    expect(next).toMatchObject({ invites: [{ row: 4, contact_email: 'inv-3@five.example' }], next_after_row: null });
    const [token] = [page.invites[0].token];
    expect(await h.count('SELECT count(*) FROM user_invites WHERE token_hash = $1', [sha256(token)])).toBe(1);
    expect(await refusalOf(imports.invitesPage({ import_id: view.id, after_row: 0, limit: 10 }, { user_id: TEST_ADMIN.user_id, role: 'analyst', partner_id: null })))
      .toMatchObject({ code: ErrorCode.FORBIDDEN });

    const identity = h.get(IdentityService);
    expect(await refusalOf(identity.acceptInvite({ token, password: 'short' }))).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    const accepted: UserView = await identity.acceptInvite({ token, password: 'chosen-password-1' });
    expect(accepted).toMatchObject({ email: 'inv-1@five.example', role: 'partner', status: 'active' });
    expect(await identity.verifyCredentials({ email: 'inv-1@five.example', password: 'chosen-password-1' })).toMatchObject({ id: accepted.id });
    for (const again of [token, `${token}x`, '']) {
      expect(await refusalOf(identity.acceptInvite({ token: again, password: 'another-password-2' }))).toMatchObject({ status: 404, code: ErrorCode.INVITE_NOT_FOUND });
    }
    // Accepted: no longer listed.
    expect((await imports.invitesPage({ import_id: view.id, after_row: 0, limit: 10 }, TEST_ADMIN)).invites.map((i) => i.row)).toEqual([4]);

    await h.rows(`UPDATE partner_imports SET finished_at = now() - interval '3 hours' WHERE id = $1`, [view.id]);
    expect(await refusalOf(imports.invitesPage({ import_id: view.id, after_row: 0, limit: 10 }, TEST_ADMIN))).toMatchObject({ status: 410, code: ErrorCode.INVITE_LINKS_WITHDRAWN });
  });

  it('keeps an invited user invited when an admin activates it; it becomes active by accepting its invite', async () => {
    await importFile([partner('stay-invited@six.example')]);
    const [user] = await h.rows<{ id: string }>(`SELECT id FROM users WHERE email = 'stay-invited@six.example'`);
    const identity = h.get(IdentityService);
    expect(await identity.updateUser({ id: user.id, status: 'active' }, TEST_ADMIN)).toMatchObject({ status: 'invited' });
    expect(await identity.updateUser({ id: user.id, status: 'inactive' }, TEST_ADMIN)).toMatchObject({ status: 'inactive' });
    expect(await identity.updateUser({ id: user.id, status: 'active' }, TEST_ADMIN)).toMatchObject({ status: 'invited' });
  });

  it('rolls a chunk back whole when the database refuses it, and a retry registers every good row once', async () => {
    const id = await upload([partner('boom-1@seven.example'), partner('boom-2@seven.example')]);
    await h.rows(`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.email = 'boom-2@seven.example' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$`);
    await h.rows('CREATE TRIGGER refuse_boom BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION refuse_boom()');
    try {
      await expect(worker.processNextChunk()).rejects.toMatchObject({ importId: id, message: `a chunk of partner import ${id} failed and was rolled back: disk on fire` });
      expect(await h.count(`SELECT count(*) FROM partners WHERE contact_email LIKE 'boom-%'`)).toBe(0);
      expect(await imports.get({ import_id: id }, TEST_ADMIN)).toMatchObject({ status: 'queued', rows_accepted: 0 });
    } finally {
      await h.rows('DROP TRIGGER refuse_boom ON users');
      await h.rows('DROP FUNCTION refuse_boom()');
    }
    while (await worker.processNextChunk()) { /* every chunk */ }
    expect(await imports.get({ import_id: id }, TEST_ADMIN)).toMatchObject({ status: 'completed', rows_accepted: 2 });
    expect(await h.count(`SELECT count(*) FROM partners WHERE contact_email LIKE 'boom-%'`)).toBe(2);
    expect(await h.count(`SELECT count(*) FROM users WHERE email LIKE 'boom-%'`)).toBe(2);
  });
});
