/**
 * An admin imports a partners file in a real browser (Debian's Chromium, playwright-core) against
 * the real platform: it opens "Import partners", chooses the file, uploads it, watches it be
 * registered, reads the counts and rejected rows, downloads the error report and the invite
 * links; one invited partner opens its link in a browser of its own, chooses a password and lands
 * signed in on its home with the spiff the file's tier earned it. Every screen is scanned by
 * axe-core and photographed (tmp/portal-screenshots/partner-import-*.png).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { E2E_ADMIN, startPlatform, stopPlatform } from '../support';
import type { RunningPlatform } from '../support';
import { PARTNER_FILE_HEADER, buildPartnerFile, goodPartners, reportedCells } from '../partner-import-files';
import type { PartnerFile } from '../partner-import-files';
import { fileChunks } from '@spiffworks/testing';
import { assertNoPageErrors, openBrowser, visit } from './browser';
import type { PortalBrowser } from './browser';

const FILE_NAME = 'partners-2025.csv';
/** Enough rows that the processing is seen under way, few enough to stay quick. */
const ROWS = 2_000;

describe('portal: an admin imports a partners file, and an invited partner accepts its invite (Chromium)', () => {
  let running: RunningPlatform;
  let portal: PortalBrowser;
  let file: PartnerFile;
  let spiffName: string;

  beforeAll(async () => {
    running = await startPlatform();
    portal = await openBrowser(running.platform.gatewayUrl, 'partner-import');
    const { api, admin } = running;
    const existing = await api.post('/api/partners', { name: 'Already Here Ltd.', tier: 'gold', contact_email: 'already@partners.example' }, admin);
    const product = await api.post('/api/products', { name: 'Portal Router', sku: 'PPI-RTR', commission_rate: 8, commission_rates: { gold: 10 } }, admin);
    expect([existing.status, product.status]).toEqual([201, 201]);
    spiffName = 'Gold router push';
    const spiff = await api.post('/api/spiffs', {
      name: spiffName, target_products: [product.body.id], assignment_type: 'tier', target_tiers: ['gold'],
      incentive_amount: 20, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2030-12-31',
    }, admin);
    expect(spiff.status).toBe(201);
    file = buildPartnerFile({
      rows: ROWS, prefix: 'WEB', bad: ['unknown_tier', 'bad_email', 'missing_name', 'duplicate_in_file', 'duplicate_of_existing'], perKind: 1, passwordEvery: 0,
      existingPartnerEmail: 'already@partners.example', userEmail: E2E_ADMIN.email,
    });
  }, 180_000);

  afterAll(async () => {
    await portal?.close();
    await stopPlatform(running);
  });

  const countOf = (page: Page, label: string) => page.getByRole('region', { name: label, exact: true }).getByText(/^[\d,]+$/);

  it('uploads the file, sees it registered, its counts, rejected rows and error report, and downloads the invite links; an invite accepted signs its partner in', async () => {
    const bad = file.rows.filter((r) => r.rejection);
    const page = await portal.signedIn(E2E_ADMIN.email, E2E_ADMIN.password, 'sign-in');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Import partners', exact: true }).click();
    await visit(page, 'admin-import-partners', page.getByRole('heading', { level: 1, name: 'Import partners' }));

    await page.getByLabel('Partners file', { exact: true }).setInputFiles({ name: FILE_NAME, mimeType: 'text/csv', buffer: Buffer.concat([...fileChunks(file)]) });
    await visit(page, 'admin-import-partners-file-chosen', page.getByText(FILE_NAME));
    await page.getByRole('button', { name: 'Upload', exact: true }).click();

    const processing = page.getByRole('progressbar', { name: 'Processing progress' });
    await visit(page, 'admin-import-partners-processing', processing);
    await processing.and(page.locator('[aria-valuenow="100"]')).waitFor({ timeout: 90_000 });
    const summary = page.getByRole('status').filter({ hasText: 'registered as partners' });
    await visit(page, 'admin-import-partners-completed', summary);
    await expect(countOf(page, 'Rows in the file').textContent()).resolves.toBe(ROWS.toLocaleString('en-US'));
    await expect(countOf(page, 'Accepted').textContent()).resolves.toBe((ROWS - bad.length).toLocaleString('en-US'));
    await expect(countOf(page, 'Rejected').textContent()).resolves.toBe(String(bad.length));

    const table = page.getByRole('table', { name: 'Rejected rows' });
    const shown = (await table.getByRole('row').allInnerTexts()).slice(1).map((line) => line.split('\t').map((cell) => cell.trim()));
    expect(shown).toEqual(bad.map((r) => [r.row.toLocaleString('en-US'), r.rejection!.field, expect.stringMatching(r.rejection!.reason)]));

    const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download error report' }).click()]);
    expect(report.suggestedFilename()).toBe('partners-2025-errors.csv');
    const [header, ...records] = parse(readFileSync((await report.path())!, 'utf8')) as string[][];
    expect(header).toEqual(['row', 'field', 'reason', ...PARTNER_FILE_HEADER]);
    expect(records).toEqual(bad.map((r) => [String(r.row), r.rejection!.field, expect.stringMatching(r.rejection!.reason), ...reportedCells(r)]));

    const [links] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download invite links' }).click()]);
    expect(links.suggestedFilename()).toBe('partners-2025-invites.csv');
    const [linksHeader, ...invites] = parse(readFileSync((await links.path())!, 'utf8')) as string[][];
    expect(linksHeader).toEqual(['row', 'name', 'contact_email', 'invite_url', 'expires_at']);
    expect(invites.map((i) => i[2]).sort()).toEqual(goodPartners(file).map((p) => p.contact_email).sort());
    assertNoPageErrors(page);

    // One partner of the gold tier, approved by the file, opens its link in a browser of its own.
    const gold = goodPartners(file).find((p) => p.tier === 'gold' && p.status === 'approved')!;
    const link = invites.find((i) => i[2] === gold.contact_email)![3];
    expect(link.startsWith(running.platform.gatewayUrl)).toBe(true);
    const invited = await portal.page();
    await invited.goto(link);
    await visit(invited, 'partner-accept-invite', invited.getByRole('heading', { level: 1, name: 'Choose your password' }));
    await invited.getByRole('textbox', { name: 'Password', exact: true }).fill('chosen-password-1');
    await invited.getByRole('textbox', { name: 'Password again', exact: true }).fill('chosen-password-1');
    await invited.getByRole('button', { name: 'Set password and sign in' }).click();
    await invited.getByRole('button', { name: 'Sign out' }).waitFor();
    await invited.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Opportunities', exact: true }).click();
    await visit(invited, 'partner-opportunities-after-invite', invited.getByText(spiffName).first());
    assertNoPageErrors(invited);

    // What the screen said was registered is what the platform holds.
    const partners = await running.api.get<{ total: number }>('/api/partners?q=web-&page_size=1', running.admin);
    expect(partners.body.total).toBe(goodPartners(file).length);
  }, 240_000);
});
