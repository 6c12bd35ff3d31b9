import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ErrorCode } from '@spiffworks/contracts';
import type { Opportunity, PartnerImportView } from '@spiffworks/contracts';
import { countRows, eventually, openServiceDb } from '@spiffworks/testing';
import {
  ALREADY_REGISTERED, BAD_PARTNER_ROW_KINDS, PARTNERS_PATH, PARTNER_FILE_HEADER, buildPartnerFile, goodPartners, reportedCells,
} from './partner-import-files';
import type { PartnerFile, PartnerFileRow, PartnerRejection } from './partner-import-files';
import { errorsCsv, fileChunks, finishedImport, importStatus, uploadCsv } from '@spiffworks/testing';
import { E2E_ADMIN, createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';

const FILE_ROWS = 5_000;
/** Long enough for a file's partners to reach fulfillment and their assignments to exist on a busy 2-core machine; never a bound on speed. */
const CATCH_UP_MS = 180_000;

/** The kill test's file: about 10 s of importing at the first file's rate, so the kill lands mid-import; 20,000 to 60,000 rows. */
const killFileRows = (rowsPerSecond: number | undefined): number => (rowsPerSecond === undefined ? 30_000 : Math.min(60_000, Math.max(20_000, Math.round(rowsPerSecond * 10))));

/**
 * Partner files through the whole platform (issue 16, "Partners in bulk"): a file with bad rows of
 * every kind, the same file again, a header-less file, a SIGKILL of the partners service
 * mid-import, invites accepted and signed in with, and the spiff fan-out reaching the imported
 * partners a tier spiff targets.
 */
describe('partner imports: a partner file registers exactly its good rows, once, each with a user and its spiffs', () => {
  let running: RunningPlatform;
  let partnersDb: Pool;
  let fulfillmentDb: Pool;
  let existing: CreatedPartner;
  let spiffId: string;
  let firstFile: PartnerFile;
  let firstImport: string;
  let rowsPerSecond: number | undefined;

  beforeAll(async () => {
    running = await startPlatform();
    partnersDb = openServiceDb(running.config, 'partners');
    fulfillmentDb = openServiceDb(running.config, 'fulfillment');
    existing = await createPartner(running.api, running.admin, 'gold', { login: false, name: 'Already Here Ltd.' });
    const product = await running.api.post('/api/products', { name: 'Import Router', sku: 'PI-RTR', commission_rate: 8, commission_rates: { platinum: 11 } }, running.admin);
    expect(product.status).toBe(201);
    // Running until 2030: every approved platinum partner, imported or not, holds an assignment of it.
    const spiff = await running.api.post('/api/spiffs', {
      name: 'Platinum router push', target_products: [product.body.id], assignment_type: 'tier', target_tiers: ['platinum'],
      incentive_amount: 20, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2030-12-31',
    }, running.admin);
    expect(spiff.status).toBe(201);
    spiffId = spiff.body.id;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([partnersDb?.end(), fulfillmentDb?.end()]);
    await stopPlatform(running);
  });

  const expectedErrors = (rows: Array<{ row: number; rejection: PartnerRejection }>) =>
    rows.map(({ row, rejection }) => ({ row, field: rejection.field, reason: expect.stringMatching(rejection.reason) }));
  const rejected = (file: PartnerFile) => file.rows.flatMap((r) => (r.rejection ? [{ ...r, rejection: r.rejection }] : []));

  async function importFile(file: PartnerFile, idempotencyKey?: string) {
    const answer = await uploadCsv(running.platform.gatewayUrl, running.admin, fileChunks(file), idempotencyKey, PARTNERS_PATH);
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 202, body: { import_id: expect.any(String), status: 'queued' } });
    expect(answer.location).toBe(`${PARTNERS_PATH}/${answer.body.import_id}`);
    const { view, at } = await finishedImport(running.api, running.admin, answer.body.import_id, CATCH_UP_MS, PARTNERS_PATH);
    return { id: answer.body.import_id as string, view: view as PartnerImportView, accepted: answer.answeredAt, finished: at };
  }

  async function expectErrorsCsv(id: string, rows: Array<PartnerFileRow & { rejection: PartnerRejection }>): Promise<void> {
    const file = await errorsCsv(running.platform.gatewayUrl, running.admin, id, PARTNERS_PATH);
    expect({ status: file.status, contentType: file.contentType }).toEqual({ status: 200, contentType: expect.stringMatching(/^text\/csv/) });
    expect(file.records[0]).toEqual(['row', 'field', 'reason', ...PARTNER_FILE_HEADER]);
    expect(file.records.slice(1)).toEqual(rows.map((r) => [String(r.row), r.rejection.field, expect.stringMatching(r.rejection.reason), ...reportedCells(r)]));
  }

  /** The partners whose emails start with the file's prefix (every email of a file does). */
  const partnersOf = (prefix: string) => countRows(partnersDb, `SELECT count(*) FROM partners WHERE contact_email LIKE $1`, [`${prefix.toLowerCase()}-%`]);

  /** The spiff's assignments of imported partners (their emails start with `prefix`), as fulfillment holds them. */
  const spiffAssignmentsOf = (prefix: string) => countRows(fulfillmentDb,
    `SELECT count(*) FROM assignments a JOIN partner_directory p ON p.id = a.partner_id WHERE a.spiff_id = $1 AND p.name LIKE $2`, [spiffId, `${prefix} Partner %`]);
  const approvedPlatinum = (file: PartnerFile): number => goodPartners(file).filter((p) => p.tier === 'platinum' && p.status === 'approved').length;

  it(`a ${FILE_ROWS.toLocaleString('en-US')}-row file with bad rows of every kind: exact counts, each bad row named, errors.csv, every good row a partner with a user`, async () => {
    firstFile = buildPartnerFile({
      rows: FILE_ROWS, prefix: 'P1', bad: BAD_PARTNER_ROW_KINDS, perKind: 5, passwordEvery: 500,
      existingPartnerEmail: existing.email, userEmail: E2E_ADMIN.email,
    });
    const bad = rejected(firstFile);
    const good = goodPartners(firstFile);
    const imported = await importFile(firstFile);
    firstImport = imported.id;
    expect(imported.view).toMatchObject({ status: 'completed', rows_total: FILE_ROWS, rows_accepted: good.length, rows_rejected: bad.length, failure: null });
    expect(imported.view.errors).toEqual(expectedErrors(bad));
    expect(new Set(bad.map((r) => r.rejection.kind))).toEqual(new Set(BAD_PARTNER_ROW_KINDS));
    await expectErrorsCsv(imported.id, bad);
    rowsPerSecond = FILE_ROWS / ((imported.finished - imported.accepted) / 1000);

    expect(await partnersOf('P1')).toBe(good.length);
    const stored = await partnersDb.query<{ name: string; tier: string; status: string; contact_email: string; version: number; user_status: string }>(
      `SELECT p.name, p.tier, p.status, p.contact_email, p.version, u.status AS user_status FROM partners p JOIN users u ON u.partner_id = p.id
       WHERE p.contact_email LIKE 'p1-%' ORDER BY p.contact_email`);
    expect(stored.rows).toEqual([...good].sort((a, b) => (a.contact_email < b.contact_email ? -1 : 1)).map((p) => ({
      name: p.name, tier: p.tier, status: p.status, contact_email: p.contact_email, version: 1, user_status: p.password ? 'active' : 'invited',
    })));
    // A row's own password signs in at once.
    const withPassword = good.find((p) => p.password)!;
    expect((await running.api.post('/api/auth/login', { email: withPassword.contact_email, password: withPassword.password })).status).toBe(200);
    console.log(`partner import of ${FILE_ROWS} rows (${good.length} accepted, ${bad.length} rejected): 202 to completed ${Math.round(imported.finished - imported.accepted)} ms (${Math.round(rowsPerSecond)} rows/s)`);
  }, 300_000);

  it('gives the imported partners the spiffs that target them: every approved platinum partner of the file holds the tier spiff', async () => {
    const started = performance.now();
    const expected = approvedPlatinum(firstFile);
    expect(await eventually(() => spiffAssignmentsOf('P1'), (n) => n >= expected, { timeoutMs: CATCH_UP_MS, intervalMs: 250 })).toBe(expected);
    const pendingPlatinum = goodPartners(firstFile).filter((p) => p.tier === 'platinum' && p.status === 'pending').map((p) => p.contact_email);
    const [pending] = (await running.api.get<{ items: Array<{ id: string; contact_email: string }> }>(`/api/partners?q=${encodeURIComponent(pendingPlatinum[0])}`, running.admin)).body.items;
    const listed = await running.api.get<{ total: number }>(`/api/fulfillment/assignments?partner_id=${pending.id}&page_size=1`, running.admin);
    expect(listed.body.total).toBe(0);
    console.log(`partner import fan-out: ${expected} assignments of ${firstFile.rows.length} rows' partners within ${Math.round(performance.now() - started)} ms of the import's end`);
  }, 240_000);

  it("an invite from invites.csv is accepted in the portal's way (token and a password), then its user signs in and sees its opportunities", async () => {
    const file = await errorsCsv(running.platform.gatewayUrl, running.admin, firstImport, PARTNERS_PATH, 'invites.csv');
    expect(file.status).toBe(200);
    expect(file.records[0]).toEqual(['row', 'name', 'contact_email', 'invite_url', 'expires_at']);
    const invited = goodPartners(firstFile).filter((p) => !p.password);
    expect(file.records.slice(1).map((r) => r[2]).sort()).toEqual(invited.map((p) => p.contact_email).sort());
    const platinum = invited.find((p) => p.tier === 'platinum' && p.status === 'approved')!;
    const line = file.records.find((r) => r[2] === platinum.contact_email)!;
    expect(line[3]).toMatch(/^http:\/\/[^/]+\/invite#token=[A-Za-z0-9_-]{43}$/);
    const token = line[3].split('#token=')[1];

    expect((await running.api.post('/api/auth/login', { email: platinum.contact_email, password: 'chosen-password-1' })).status).toBe(401);
    const accepted = await running.api.post('/api/auth/invites/accept', { token, password: 'chosen-password-1' });
    expect(accepted).toMatchObject({ status: 200, body: { token_type: 'Bearer', user: { email: platinum.contact_email, role: 'partner', status: 'active' } } });
    const again = await running.api.post('/api/auth/invites/accept', { token, password: 'another-password-2' });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 404, code: ErrorCode.INVITE_NOT_FOUND });

    const signedIn = await running.api.login(platinum.contact_email, 'chosen-password-1');
    const opportunities = await running.api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', signedIn);
    expect(opportunities.body.opportunities.map((o) => o.spiff?.id)).toEqual([spiffId]);
    // Accepted: its link is no longer listed.
    const after = await errorsCsv(running.platform.gatewayUrl, running.admin, firstImport, PARTNERS_PATH, 'invites.csv');
    expect(after.records.slice(1).map((r) => r[2])).not.toContain(platinum.contact_email);
  });

  it('is for admins only: a partner or an analyst is refused with FORBIDDEN, and nothing is created', async () => {
    const partner = await createPartner(running.api, running.admin, 'silver');
    await running.api.post('/api/users', { email: 'analyst@imports.example', password: 'analyst-password-1', role: 'analyst' }, running.admin);
    const analyst = await running.api.login('analyst@imports.example', 'analyst-password-1');
    const imports = await countRows(partnersDb, 'SELECT count(*) FROM partner_imports');
    for (const token of [partner.token!, analyst]) {
      const answer = await uploadCsv(running.platform.gatewayUrl, token, fileChunks(firstFile), undefined, PARTNERS_PATH);
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 403, code: ErrorCode.FORBIDDEN });
      const status = await running.api.get(`${PARTNERS_PATH}/${firstImport}`, token);
      expect(status.status).toBe(403);
    }
    expect(await countRows(partnersDb, 'SELECT count(*) FROM partner_imports')).toBe(imports);
  });

  it('the same file again registers nothing twice (every good row is a taken email); the same Idempotency-Key answers the same import', async () => {
    const before = await countRows(partnersDb, 'SELECT count(*) FROM partners');
    const users = await countRows(partnersDb, 'SELECT count(*) FROM users');
    const again = await importFile(firstFile);
    const asBefore = firstFile.rows.map((r) => ({ ...r, rejection: r.rejection?.kind === 'duplicate_in_file' || !r.rejection ? ALREADY_REGISTERED : r.rejection }));
    expect(again.view).toMatchObject({ status: 'completed', rows_total: FILE_ROWS, rows_accepted: 0, rows_rejected: FILE_ROWS });
    expect(again.view.errors).toEqual(expectedErrors(asBefore.slice(0, 1_000)));
    await expectErrorsCsv(again.id, asBefore);
    expect(await countRows(partnersDb, 'SELECT count(*) FROM partners')).toBe(before);
    expect(await countRows(partnersDb, 'SELECT count(*) FROM users')).toBe(users);

    const small = buildPartnerFile({ rows: 20, prefix: 'K0', bad: [], perKind: 0, passwordEvery: 0, existingPartnerEmail: existing.email, userEmail: E2E_ADMIN.email });
    const key = randomUUID();
    const keyed = await importFile(small, key);
    expect(keyed.view).toMatchObject({ rows_accepted: 20, rows_rejected: 0 });
    const imports = await countRows(partnersDb, 'SELECT count(*) FROM partner_imports');
    const replay = await uploadCsv(running.platform.gatewayUrl, running.admin, fileChunks(small), key, PARTNERS_PATH);
    expect({ status: replay.status, body: replay.body }).toEqual({ status: 202, body: { import_id: keyed.id, status: 'completed' } });
    expect(await countRows(partnersDb, 'SELECT count(*) FROM partner_imports')).toBe(imports);
    expect(await partnersOf('K0')).toBe(20);
  }, 300_000);

  it('a header-less file is a 400 IMPORT_FILE_INVALID and creates nothing: no import, no partner', async () => {
    const imports = await countRows(partnersDb, 'SELECT count(*) FROM partner_imports');
    const partners = await countRows(partnersDb, 'SELECT count(*) FROM partners');
    const headerless = buildPartnerFile({ rows: 30, prefix: 'H1', bad: [], perKind: 0, passwordEvery: 0, existingPartnerEmail: existing.email, userEmail: E2E_ADMIN.email });
    const answer = await uploadCsv(running.platform.gatewayUrl, running.admin, fileChunks(headerless, { withHeader: false }), undefined, PARTNERS_PATH);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: ErrorCode.IMPORT_FILE_INVALID, detail: expect.stringMatching(/header naming the columns name, tier, contact_email, status/) });
    expect(answer.location).toBeUndefined();
    expect(await countRows(partnersDb, 'SELECT count(*) FROM partner_imports')).toBe(imports);
    expect(await countRows(partnersDb, 'SELECT count(*) FROM partners')).toBe(partners);
  });

  it('SIGKILL of the partners service mid-import loses and doubles nothing: every good row one partner, one user, one event, one assignment', async () => {
    const { api, admin, platform } = running;
    const rows = killFileRows(rowsPerSecond);
    const file = buildPartnerFile({ rows, prefix: 'K1', bad: [], perKind: 0, passwordEvery: 0, existingPartnerEmail: existing.email, userEmail: E2E_ADMIN.email });
    const upload = await uploadCsv(platform.gatewayUrl, admin, fileChunks(file), undefined, PARTNERS_PATH);
    expect(upload.status).toBe(202);
    const id: string = upload.body.import_id;

    const weighed = (v: PartnerImportView): number => v.rows_accepted + v.rows_rejected;
    const midway = await eventually(() => importStatus(api, admin, id, PARTNERS_PATH), (v) => weighed(v) > 0 && weighed(v) < rows, { timeoutMs: 60_000, intervalMs: 20 });
    expect(await platform.stopService('partners', true)).toEqual({ code: null, signal: 'SIGKILL' });
    await platform.startService('partners');
    console.log(`partner import kill: partners SIGKILLed at ${weighed(midway)} of ${rows} rows weighed`);

    const { view } = await finishedImport(api, admin, id, CATCH_UP_MS, PARTNERS_PATH);
    expect(view).toMatchObject({ status: 'completed', rows_total: rows, rows_accepted: rows, rows_rejected: 0, errors: [] });
    const stored = await partnersDb.query<{ partners: number; users: number; invites: number }>(
      `SELECT count(DISTINCT p.id)::int AS partners, count(DISTINCT u.id)::int AS users, count(DISTINCT i.id)::int AS invites
       FROM partners p JOIN users u ON u.partner_id = p.id JOIN user_invites i ON i.user_id = u.id WHERE p.contact_email LIKE 'k1-%'`);
    expect(stored.rows[0]).toEqual({ partners: rows, users: rows, invites: rows });
    const importRows = await partnersDb.query(
      `SELECT count(*) FILTER (WHERE outcome = 'accepted')::int AS accepted, count(DISTINCT partner_id)::int AS partners FROM partner_import_rows WHERE import_id = $1`, [id]);
    expect(importRows.rows[0]).toEqual({ accepted: rows, partners: rows });
    // Every partner went out in exactly one partner.imported event (a chunk rolled back by the kill published nothing).
    const announced = await partnersDb.query(
      `SELECT count(*)::int AS n, count(DISTINCT p->>'id')::int AS distinct FROM outbox o, jsonb_array_elements(o.envelope->'payload'->'partners') AS p
       WHERE o.routing_key = 'partner.imported' AND o.envelope->'payload'->>'import_id' = $1`, [id]);
    expect(announced.rows[0]).toEqual({ n: rows, distinct: rows });

    const expected = approvedPlatinum(file);
    expect(await eventually(() => spiffAssignmentsOf('K1'), (n) => n >= expected, { timeoutMs: CATCH_UP_MS, intervalMs: 250 })).toBe(expected);
    expect(await countRows(fulfillmentDb, `SELECT count(*) FROM partner_directory WHERE name LIKE 'K1 Partner %'`)).toBe(rows);
  }, 400_000);
});
