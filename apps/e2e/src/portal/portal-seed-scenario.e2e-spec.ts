/**
 * The seed's scenario clicked through in a real browser (Debian's Chromium, playwright-core)
 * against the real platform: the admin creates the product, the partner and the spiff; the
 * partner sees the opportunity and logs 2 × $1,000 on 2025-01-15 (240 + 200 = 440, previewed and
 * booked); the admin approves and pays the line; the analyst sees the overview, the time series
 * and the spiff's performance move, and exports them. Every screen is scanned by axe-core and
 * photographed (tmp/portal-screenshots/seed-*.png).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { E2E_ADMIN, startPlatform, stopPlatform } from '../support';
import type { RunningPlatform } from '../support';
import { openBrowser, until, visit } from './browser';
import type { PortalBrowser } from './browser';

const PARTNER = { name: 'TechCorp Partners Inc.', email: `techcorp-${Date.now()}@example.com`, password: 'partner-password-1' };
const ANALYST = { email: 'analyst@portal.example', password: 'analyst-password-1' };

describe('portal: the seed scenario, clicked through (Chromium)', () => {
  let running: RunningPlatform;
  let portal: PortalBrowser;
  let admin: Page;
  let partner: Page;
  let analyst: Page;

  beforeAll(async () => {
    running = await startPlatform();
    portal = await openBrowser(running.platform.gatewayUrl, 'seed');
    const created = await running.api.post('/api/users', { ...ANALYST, role: 'analyst' }, running.admin);
    expect(created.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await portal?.close();
    await stopPlatform(running);
  });

  const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: label, exact: true });
  const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

  /** Picks `option` from the Mantine Select or MultiSelect whose input is `input`. */
  async function choose(page: Page, input: ReturnType<Page['getByRole']>, option: string | RegExp): Promise<void> {
    await input.click();
    await page.getByRole('option', { name: option }).click();
  }

  it('step 1: the admin signs in and adds the product, rate 10 % and 12 % for gold', async () => {
    admin = await portal.signedIn(E2E_ADMIN.email, E2E_ADMIN.password, 'sign-in');
    await visit(admin, 'admin-home', heading(admin, 'Admin home').or(admin.getByRole('heading', { level: 1 })));
    await nav(admin, 'Products').click();
    await visit(admin, 'admin-products-empty', heading(admin, 'Products'));
    await admin.getByRole('button', { name: 'Add a product' }).click();
    const form = admin.getByRole('form', { name: 'Add a product' });
    await form.getByLabel('Name').fill('Test Laptop Pro');
    await form.getByLabel('SKU').fill('LAP-PRO');
    await form.getByLabel('Default commission rate').fill('10');
    await form.getByLabel('Gold rate').fill('12');
    await visit(admin, 'admin-product-form', form);
    await form.getByRole('button', { name: 'Add product' }).click();
    await admin.getByRole('status').filter({ hasText: 'Test Laptop Pro (LAP-PRO) is in the catalog.' }).waitFor();
    const row = admin.getByRole('table', { name: 'Products' }).getByRole('row').filter({ hasText: 'LAP-PRO' });
    await visit(admin, 'admin-products', row);
    await expect(row.textContent()).resolves.toMatch(/10 %/);
  });

  it('step 1: the admin registers the gold partner with a portal password and approves it', async () => {
    await nav(admin, 'Partners').click();
    await heading(admin, 'Partners').waitFor();
    await admin.getByRole('button', { name: 'Register a partner' }).click();
    const form = admin.getByRole('form', { name: 'Register a partner' });
    await form.getByLabel('Name').fill(PARTNER.name);
    await form.getByLabel('Contact email').fill(PARTNER.email);
    await choose(admin, form.getByRole('textbox', { name: 'Tier' }).or(form.getByRole('combobox', { name: 'Tier' })).first(), 'Gold');
    await form.getByLabel('Portal password (optional)').fill(PARTNER.password);
    await visit(admin, 'admin-partner-form', form);
    await form.getByRole('button', { name: 'Register partner' }).click();

    const approve = admin.getByRole('button', { name: `Approve ${PARTNER.name}` });
    await visit(admin, 'admin-partners-pending', approve);
    await approve.click();
    const row = admin.getByRole('table', { name: 'Partners' }).getByRole('row').filter({ hasText: PARTNER.email });
    await row.getByText(/approved/i).waitFor();
    await visit(admin, 'admin-partners-approved', row);
  });

  it('step 2: the admin creates the spiff, $100 per unit for gold, 2025-01-01..2025-03-31, and sees whom it reaches', async () => {
    await nav(admin, 'Spiffs').click();
    await heading(admin, 'Spiffs').waitFor();
    await admin.getByRole('button', { name: 'Create a spiff' }).click();
    const form = admin.getByRole('form', { name: 'Create a spiff' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Q4 Laptop Promotion');
    await choose(admin, form.getByRole('textbox', { name: 'Products' }).or(form.getByRole('combobox', { name: 'Products' })).first(), 'Test Laptop Pro (LAP-PRO)');
    await admin.keyboard.press('Escape');
    await form.getByRole('checkbox', { name: 'Gold' }).check();
    await form.getByLabel('Amount per unit sold').fill('100');
    await form.getByLabel('First day').fill('2025-01-01');
    await form.getByLabel('Last day').fill('2025-03-31');
    await form.getByText('1 approved partner').first().waitFor();
    await visit(admin, 'admin-spiff-form', form);
    await form.getByRole('button', { name: 'Create spiff' }).click();
    const row = admin.getByRole('table', { name: 'Spiffs' }).getByRole('row').filter({ hasText: 'Q4 Laptop Promotion' });
    await visit(admin, 'admin-spiffs', row);
  });

  it('steps 3-5: the partner signs in, sees the opportunity at 12 %, logs 2 × 1,000 on 2025-01-15: 240 / 200 / 440 previewed and booked', async () => {
    partner = await portal.signedIn(PARTNER.email, PARTNER.password, 'sign-in-partner');
    const opportunity = partner.getByRole('region', { name: 'Q4 Laptop Promotion' });
    await until(partner, opportunity);
    await visit(partner, 'partner-opportunities', opportunity);
    const products = opportunity.getByRole('table', { name: /Products of/ });
    await expect(products.textContent()).resolves.toMatch(/Test Laptop Pro.*12 %/s);

    await opportunity.getByRole('link', { name: 'Log a sale of Test Laptop Pro' }).click();
    const form = partner.getByRole('form', { name: 'Log a sale' });
    await form.getByLabel('Quantity').fill('2');
    await form.getByLabel('Unit price').fill('1000');
    await form.getByLabel('Sale date').fill('2025-01-15');
    await form.getByLabel('Invoice number').fill('INV-2025-0001');
    const preview = partner.getByRole('region', { name: 'Commission preview' });
    await preview.getByTestId('amount-total').filter({ hasText: '$440.00' }).waitFor();
    expect(await preview.getByTestId('amount-base-commission').textContent()).toBe('$240.00');
    expect(await preview.getByTestId('amount-spiff-bonus').textContent()).toBe('$200.00');
    await expect(preview.getByTestId('preview-trace').textContent()).resolves.toContain('12 % of 2,000.00 = 240.00');
    await visit(partner, 'partner-log-sale-preview', preview);

    await form.getByRole('button', { name: 'Log sale' }).click();
    const booked = partner.getByRole('status').filter({ hasText: 'Sale logged' });
    await visit(partner, 'partner-sale-booked', booked);
    expect(await booked.getByTestId('booked-base').textContent()).toBe('$240.00');
    expect(await booked.getByTestId('booked-bonus').textContent()).toBe('$200.00');
    expect(await booked.getByTestId('booked-total').textContent()).toBe('$440.00');

    await nav(partner, 'My sales').click();
    await visit(partner, 'partner-my-sales', heading(partner, 'My sales'));
  });

  it('step 5: the admin approves the line, then pays it with a reference', async () => {
    await nav(admin, 'Commission queue').click();
    await heading(admin, 'Commission queue').waitFor();
    const select = admin.getByRole('checkbox', { name: `Select the line of ${PARTNER.name} on 2025-01-15, $440.00` });
    await until(admin, select);
    await visit(admin, 'admin-commission-queue', select);
    await select.check();
    await admin.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Approve' }).click();
    await admin.getByRole('status').filter({ hasText: '1 line approved.' }).waitFor();
    const status = admin.getByRole('textbox', { name: 'Status' }).or(admin.getByRole('combobox', { name: 'Status' })).first();
    const lines = admin.getByRole('table', { name: 'Commission lines' });
    await choose(admin, status, 'Approved');
    await lines.getByRole('row').filter({ hasText: PARTNER.name }).getByText('Approved').waitFor();

    await admin.getByRole('checkbox', { name: `Select the line of ${PARTNER.name} on 2025-01-15, $440.00` }).check();
    await admin.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Pay…' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Payout reference').fill('PAYOUT-2025-001');
    await visit(admin, 'admin-pay-dialog', dialog);
    await dialog.getByRole('button', { name: 'Mark as paid' }).click();
    await admin.getByRole('status').filter({ hasText: '1 line paid.' }).waitFor();
    await choose(admin, status, 'Paid');
    const paid = lines.getByRole('row').filter({ hasText: PARTNER.name });
    await paid.getByText('Paid').waitFor();
    await visit(admin, 'admin-commission-paid', paid);

    const ledger = await running.api.get(`/api/commissions?status=paid`, running.admin);
    expect(ledger.body.items).toEqual([expect.objectContaining({ total_commission: 440, status: 'paid', payout_reference: 'PAYOUT-2025-001' })]);
  });

  it('step 5: the analyst sees the overview move: 1 sale, revenue 2,000.00, commission 440.00, TechCorp on top', async () => {
    analyst = await portal.signedIn(ANALYST.email, ANALYST.password, 'sign-in-analyst');
    await heading(analyst, 'Analytics overview').waitFor();
    const revenue = analyst.getByRole('region', { name: 'Revenue', exact: true });
    await until(analyst, revenue.getByText('$2,000.00'));
    await expect(analyst.getByRole('region', { name: 'Sales', exact: true }).textContent()).resolves.toContain('1');
    await expect(analyst.getByRole('region', { name: 'Commission', exact: true }).textContent()).resolves.toContain('$440.00');
    const top = analyst.getByRole('table', { name: 'Top 5 partners by revenue' }).getByRole('row').filter({ hasText: PARTNER.name });
    await expect(top.textContent()).resolves.toMatch(/1.*\$2,000\.00.*\$440\.00/s);
    await visit(analyst, 'analyst-overview', top);
  });

  it('the analyst\'s time series (filtered to the partner) and the spiff\'s performance show the sale, and export as CSV', async () => {
    await nav(analyst, 'Time series').click();
    await heading(analyst, 'Time series').waitFor();
    await analyst.getByLabel(/^From\s*\*?$/).fill('2025-01-01');
    await analyst.getByLabel(/^To\s*\*?$/).fill('2025-03-31');
    const table = analyst.getByRole('table', { name: 'Revenue by month' });
    await table.getByRole('row').filter({ hasText: 'Jan 2025' }).filter({ hasText: '$2,000.00' }).waitFor();
    const partnerFilter = analyst.getByRole('textbox', { name: 'Partner' }).or(analyst.getByRole('combobox', { name: 'Partner' })).first();
    await partnerFilter.fill('TechCorp');
    await analyst.getByRole('option', { name: `${PARTNER.name} (gold)` }).click();
    await analyst.getByRole('group', { name: 'Metric' }).getByText('Commission', { exact: true }).click();
    const commission = analyst.getByRole('table', { name: 'Commission by month' });
    await commission.getByRole('row').filter({ hasText: 'Jan 2025' }).filter({ hasText: '$440.00' }).waitFor();
    await expect(commission.getByRole('row').filter({ hasText: 'Feb 2025' }).textContent()).resolves.toContain('$0.00');
    await visit(analyst, 'analyst-timeseries', commission);

    const [download] = await Promise.all([analyst.waitForEvent('download'), analyst.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('period,commission,interval,partner,tier,product,spiff');
    expect(csv.slice(1)).toEqual([
      `2025-01-01,440.00,month,${PARTNER.name} (gold),,,`,
      `2025-02-01,0.00,month,${PARTNER.name} (gold),,,`,
      `2025-03-01,0.00,month,${PARTNER.name} (gold),,,`,
    ]);

    await nav(analyst, 'Spiff performance').click();
    await visit(analyst, 'analyst-spiff-choose', heading(analyst, 'Spiff performance'));
    const spiffFilter = analyst.getByRole('textbox', { name: 'Spiff' }).or(analyst.getByRole('combobox', { name: 'Spiff' })).first();
    await spiffFilter.fill('Q4');
    await analyst.getByRole('option', { name: /^Q4 Laptop Promotion \(Jan 1, 2025 – Mar 31, 2025\)$/ }).click();
    const bonus = analyst.getByRole('region', { name: 'Bonus cost' });
    await bonus.getByText('$200.00').waitFor();
    await expect(analyst.getByRole('region', { name: 'Sales with a bonus' }).textContent()).resolves.toContain('1');
    await expect(analyst.getByRole('region', { name: 'Their revenue' }).textContent()).resolves.toContain('$2,000.00');
    await expect(analyst.getByRole('region', { name: 'Partners who sold', exact: true }).textContent()).resolves.toContain('1 of 1');
    await expect(analyst.getByRole('region', { name: 'Lift against the period before' }).textContent()).resolves.toContain('New revenue (none before)');
    await expect(analyst.getByRole('region', { name: 'The period before', exact: true }).textContent()).resolves.toContain('Oct 3, 2024 – Dec 31, 2024');
    await visit(analyst, 'analyst-spiff-performance', bonus);
  });
});
