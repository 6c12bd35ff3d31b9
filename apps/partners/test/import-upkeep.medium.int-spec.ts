import { ErrorCode, PARTNER_IMPORT_COLUMNS } from '@spiffworks/contracts';
import type { ImportedPartner, PartnerImportRow } from '@spiffworks/contracts';
import { UPLOAD_DID_NOT_FINISH, importUpkeepToken } from '@spiffworks/imports';
import type { ImportUpkeep } from '@spiffworks/imports';
import { RetentionPurger } from '@spiffworks/runtime';
import { TEST_ADMIN, refusalOf, serviceHarness } from '@spiffworks/testing';
import type { ServiceHarness } from '@spiffworks/testing';
import { PARTNER_IMPORTS } from '../src/partner-imports/partner-import-kind';
import { PartnerImportWorker } from '../src/partner-imports/partner-import.worker';
import { PartnerImportsService } from '../src/partner-imports/partner-imports.service';
import { PartnersAppModule } from '../src/partners-app.module';

const HEADER = [...PARTNER_IMPORT_COLUMNS];
const TIMEOUT_S = 600;
const RETENTION_DAYS = 5;

/**
 * Every import's upkeep (libs/imports), on the partner kind: uploads that stopped arriving fail,
 * finished imports' rows go after their retention period. Real PostgreSQL; time is moved by
 * back-dating the rows' timestamps, never by waiting.
 */
describe('imports upkeep: abandoned uploads and retention (partners, PostgreSQL)', () => {
  let h: ServiceHarness;
  let imports: PartnerImportsService;
  let upkeep: ImportUpkeep;
  let files = 0;

  beforeAll(async () => {
    h = await serviceHarness({
      service: 'partners', module: PartnersAppModule.register,
      env: { IMPORT_RECEIVING_TIMEOUT_S: String(TIMEOUT_S), IMPORT_ROWS_RETENTION_DAYS: String(RETENTION_DAYS), INVITE_LINKS_HOURS: '168' },
    });
    imports = h.get(PartnerImportsService);
    upkeep = h.get<ImportUpkeep>(importUpkeepToken(PARTNER_IMPORTS));
  });
  afterAll(() => h?.close());

  const partner = (email: string): ImportedPartner => ({ name: `Partner ${email}`, tier: 'gold', contact_email: email, status: 'approved' });
  const rowsOf = (emails: string[], first = 2): PartnerImportRow[] =>
    emails.map((e, i) => ({ row: first + i, cells: [e, 'gold', e, 'approved'], partner: partner(e) }));

  /** An upload under way: opened, some rows in. */
  async function receiving(emails: string[]): Promise<string> {
    const opened = await imports.open({ header: HEADER, file_name: `upkeep-${++files}.csv` }, TEST_ADMIN);
    await imports.append({ import_id: opened.id, rows: rowsOf(emails) }, TEST_ADMIN);
    return opened.id;
  }

  const idleFor = (id: string, seconds: number) => h.rows(`UPDATE partner_imports SET last_activity_at = now() - make_interval(secs => $2) WHERE id = $1`, [id, seconds]);
  const stagedRows = (id: string) => h.count('SELECT count(*) FROM partner_import_rows WHERE import_id = $1', [id]);
  const statusOf = async (id: string) => (await imports.get({ import_id: id }, TEST_ADMIN)).status;

  it('fails an upload from which nothing arrived for the timeout, its staged rows gone; a fresh one and a queued one are left alone', async () => {
    const stale = await receiving(['stale-a@up.example', 'stale-b@up.example']);
    const fresh = await receiving(['fresh@up.example']);
    const idleButQueued = await receiving(['queued@up.example']);
    await imports.close({ import_id: idleButQueued, rows_total: 1 }, TEST_ADMIN);
    await idleFor(stale, TIMEOUT_S + 1);
    await idleFor(fresh, TIMEOUT_S - 60);
    await idleFor(idleButQueued, TIMEOUT_S * 10);

    expect(await upkeep.failAbandoned()).toEqual([stale]);

    expect(await imports.get({ import_id: stale }, TEST_ADMIN)).toMatchObject({ status: 'failed', failure: UPLOAD_DID_NOT_FINISH, rows_total: 2 });
    expect((await imports.get({ import_id: stale }, TEST_ADMIN)).finished_at).not.toBeNull();
    expect(await stagedRows(stale)).toBe(0);
    expect([await statusOf(fresh), await stagedRows(fresh)]).toEqual(['receiving', 1]);
    expect([await statusOf(idleButQueued), await stagedRows(idleButQueued)]).toEqual(['queued', 1]);
    // The upload that comes back after all is told the import receives no more rows.
    expect(await refusalOf(imports.append({ import_id: stale, rows: rowsOf(['late@up.example'], 4) }, TEST_ADMIN)))
      .toMatchObject({ status: 409, code: ErrorCode.PARTNER_IMPORT_NOT_RECEIVING });
    // Nothing left to sweep: a second sweep fails nothing.
    expect(await upkeep.failAbandoned()).toEqual([]);
  });

  it('an append is a sign of life: an import idle for a while that receives rows again is not swept', async () => {
    const id = await receiving(['alive@up.example']);
    await idleFor(id, TIMEOUT_S + 1);
    await imports.append({ import_id: id, rows: rowsOf(['alive-2@up.example'], 3) }, TEST_ADMIN);
    expect(await upkeep.failAbandoned()).not.toContain(id);
    expect([await statusOf(id), await stagedRows(id)]).toEqual(['receiving', 2]);
  });

  it('replicas sweeping at once fail each abandoned import once', async () => {
    const stale = [await receiving(['r1@up.example']), await receiving(['r2@up.example']), await receiving(['r3@up.example'])];
    for (const id of stale) await idleFor(id, TIMEOUT_S * 2);
    const replicas = await Promise.all([upkeep.failAbandoned(), upkeep.failAbandoned(), upkeep.failAbandoned()]);
    expect(replicas.flat().sort()).toEqual([...stale].sort());
    for (const id of stale) expect([await statusOf(id), await stagedRows(id)]).toEqual(['failed', 0]);
  });

  describe('retention', () => {
    /** A completed import with one invite and one rejected row (the second row repeats the first's email). */
    async function completed(email: string): Promise<string> {
      const id = await receiving([email, email]);
      await imports.close({ import_id: id, rows_total: 2 }, TEST_ADMIN);
      const worker = h.get(PartnerImportWorker);
      while (await worker.processNextChunk()) { /* every chunk */ }
      expect(await imports.get({ import_id: id }, TEST_ADMIN)).toMatchObject({ status: 'completed', rows_accepted: 1, rows_rejected: 1 });
      return id;
    }
    const finishedDaysAgo = (id: string, days: number) => h.rows('UPDATE partner_imports SET finished_at = now() - make_interval(days => $2) WHERE id = $1', [id, days]);
    const page = { after_row: 0, limit: 100 };

    it("purges a finished import's rows after the period, keeping its status and counts; its errors.csv and invites.csv then answer 410", async () => {
      const old = await completed('old@keep.example');
      const recent = await completed('recent@keep.example');
      const abandoned = await receiving(['gone@keep.example']);
      await imports.abort({ import_id: abandoned, reason: 'the client went away' }, TEST_ADMIN);
      await finishedDaysAgo(old, RETENTION_DAYS + 1);
      await finishedDaysAgo(abandoned, RETENTION_DAYS + 1);
      await finishedDaysAgo(recent, RETENTION_DAYS - 1);

      // Small batches: the purge deletes batch after batch until none is full.
      const purged = await h.get(RetentionPurger).purgeNow({ idempotencyKeyDays: 7, deadLetterDays: 30, batchSize: 1 });
      expect(purged.partner_import_rows).toBe(3);

      const view = await imports.get({ import_id: old }, TEST_ADMIN);
      expect(view).toMatchObject({ status: 'completed', rows_total: 2, rows_accepted: 1, rows_rejected: 1, errors: [] });
      expect(view.rows_purged_at).not.toBeNull();
      expect(await stagedRows(old)).toBe(0);
      expect(await stagedRows(abandoned)).toBe(0);
      for (const read of [imports.errorsPage({ import_id: old, ...page }, TEST_ADMIN), imports.invitesPage({ import_id: old, ...page }, TEST_ADMIN)]) {
        expect(await refusalOf(read)).toMatchObject({ status: 410, code: ErrorCode.IMPORT_ROWS_PURGED, message: expect.stringContaining('retention purge') });
      }
      // What the import made stays: its partner, and the invite (it still works until it expires).
      expect(await h.count('SELECT count(*) FROM partners WHERE contact_email = $1', ['old@keep.example'])).toBe(1);

      // Within its period an import keeps everything.
      expect(await stagedRows(recent)).toBe(2);
      expect((await imports.get({ import_id: recent }, TEST_ADMIN)).rows_purged_at).toBeNull();
      expect((await imports.errorsPage({ import_id: recent, ...page }, TEST_ADMIN)).csv).toContain('already used by row 2');
      expect((await imports.invitesPage({ import_id: recent, ...page }, TEST_ADMIN)).invites.map((i) => i.contact_email)).toEqual(['recent@keep.example']);

      // A second run has nothing left to do.
      expect((await h.get(RetentionPurger).purgeNow({ idempotencyKeyDays: 7, deadLetterDays: 30 })).partner_import_rows).toBe(0);
    });
  });
});
