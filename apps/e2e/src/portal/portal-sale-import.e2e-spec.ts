/**
 * A partner imports its own sell-through file in a real browser (Debian's Chromium,
 * playwright-core) against the real platform: it chooses the file on the "Sales file" field,
 * uploads it, watches the processing reach completion, reads the accepted and rejected counts and
 * the rejected rows, and downloads the error report. Data is set up over the API; every screen is
 * scanned by axe-core and photographed (tmp/portal-screenshots/import-*.png).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { FILE_HEADER, ProgramTerms, buildFile, eventually, fileChunks, goodSales } from '@spiffworks/testing';
import type { SellThroughFile } from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform } from '../support';
import type { CreatedPartner, RunningPlatform } from '../support';
import { assertNoPageErrors, openBrowser, visit } from './browser';
import type { PortalBrowser } from './browser';

const PASSWORD = 'partner-password-1';
const FILE_NAME = 'sell-through-2025-q1.csv';
/** Enough rows that the processing is seen under way on this machine, few enough to stay quick. */
const ROWS = 1_000;

describe('portal: a partner imports its sell-through file (Chromium)', () => {
  let running: RunningPlatform;
  let portal: PortalBrowser;
  let partner: CreatedPartner;
  let file: SellThroughFile;

  beforeAll(async () => {
    running = await startPlatform();
    portal = await openBrowser(running.platform.gatewayUrl, 'import');
    const { api, admin } = running;
    const program = new ProgramTerms();
    const laptop = await api.post('/api/products', { name: 'Test Laptop Pro', sku: 'LAP-IMPORT', commission_rate: 10, commission_rates: { gold: 12 } }, admin);
    const display = await api.post('/api/products', { name: 'Wall Display', sku: 'DSP-IMPORT', commission_rate: 4 }, admin);
    expect([laptop.status, display.status]).toEqual([201, 201]);
    program.products.set(laptop.body.id, { id: laptop.body.id, name: 'Test Laptop Pro', commission_rate: 10, commission_rates: { gold: 12 } });
    partner = await createPartner(api, admin, 'gold', { name: 'Import Partners Ltd.' });
    const other = await createPartner(api, admin, 'gold', { name: 'Somebody Else Inc.', login: false });
    const terms = { product_ids: [laptop.body.id], start_date: '2025-01-01', end_date: '2025-03-31', milestones: [] };
    for (const holder of [partner, other]) {
      program.partners.set(holder.id, { id: holder.id, name: holder.id, tier: 'gold', manual: [terms] });
      await eventually(async () => (await api.post('/api/fulfillment/assignments', {
        partner_id: holder.id, assignment_type: 'product', ...terms,
      }, admin)).status, (status) => status === 201);
    }
    file = buildFile(program, {
      rows: ROWS, prefix: 'WEB', sellers: [partner.id], seed: 5, perKind: 1,
      bad: ['negative_quantity', 'impossible_date', 'other_partner', 'product_not_covered', 'missing_invoice', 'non_numeric_price', 'too_many_decimals', 'duplicate_in_file'],
      context: { uncoveredProductId: display.body.id, uncoveredDate: '2024-06-01', otherPartnerId: other.id },
    });
  }, 180_000);

  afterAll(async () => {
    await portal?.close();
    await stopPlatform(running);
  });

  const countOf = (page: Page, label: string) => page.getByRole('region', { name: label, exact: true }).getByText(/^[\d,]+$/);

  it('chooses the file, uploads it, sees it processed to the end, its counts and rejected rows, and downloads the error report', async () => {
    const bad = file.rows.filter((r) => r.rejection);
    const page = await portal.signedIn(partner.email, PASSWORD, 'sign-in');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Import sales', exact: true }).click();
    await visit(page, 'partner-import-sales', page.getByRole('heading', { level: 1, name: 'Import sales' }));

    await page.getByLabel('Sales file', { exact: true }).setInputFiles({ name: FILE_NAME, mimeType: 'text/csv', buffer: Buffer.concat([...fileChunks(file)]) });
    await visit(page, 'partner-import-file-chosen', page.getByText(FILE_NAME));
    await page.getByRole('button', { name: 'Upload', exact: true }).click();

    const processing = page.getByRole('progressbar', { name: 'Processing progress' });
    await visit(page, 'partner-import-processing', processing);
    await page.getByRole('progressbar', { name: 'Processing progress' }).and(page.locator('[aria-valuenow="100"]')).waitFor({ timeout: 90_000 });
    const summary = page.getByRole('status').filter({ hasText: 'booked as sales' });
    await visit(page, 'partner-import-completed', summary);
    await expect(processing.getAttribute('aria-valuetext')).resolves.toBe(`${ROWS.toLocaleString('en-US')} of ${ROWS.toLocaleString('en-US')} rows`);
    await expect(countOf(page, 'Rows in the file').textContent()).resolves.toBe(ROWS.toLocaleString('en-US'));
    await expect(countOf(page, 'Accepted').textContent()).resolves.toBe((ROWS - bad.length).toLocaleString('en-US'));
    await expect(countOf(page, 'Rejected').textContent()).resolves.toBe(String(bad.length));

    const table = page.getByRole('table', { name: 'Rejected rows' });
    const shown = (await table.getByRole('row').allInnerTexts()).slice(1).map((line) => line.split('\t').map((cell) => cell.trim()));
    expect(shown).toEqual(bad.map((r) => [r.row.toLocaleString('en-US'), r.rejection!.field ?? '—', expect.stringMatching(r.rejection!.reason)]));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download error report' }).click()]);
    expect(download.suggestedFilename()).toBe('sell-through-2025-q1-errors.csv');
    const [header, ...records] = parse(readFileSync((await download.path())!, 'utf8')) as string[][];
    expect(header).toEqual(['row', 'field', 'reason', ...FILE_HEADER]);
    expect(records).toEqual(bad.map((r) => [String(r.row), r.rejection!.field ?? '', expect.stringMatching(r.rejection!.reason), ...r.cells]));
    assertNoPageErrors(page);

    // What the screen said was booked is what the partner's sales hold.
    const mine = await running.api.get(`/api/fulfillment/sales/my-sales?page_size=1`, partner.token);
    expect(mine.body.total).toBe(goodSales(file).length);
  }, 150_000);
});
