/**
 * The portal in a real browser (Debian's Chromium, playwright-core) against the real platform:
 * what a partner may not reach, the API's messages at the fields they name, and the keyboard-only
 * path through sign-in and log-a-sale. Data is set up over the API; every screen is scanned by
 * axe-core and photographed (tmp/portal-screenshots/access-*.png).
 */
import type { Page } from 'playwright-core';
import { createPartner, startPlatform, stopPlatform, E2E_ADMIN } from '../support';
import type { CreatedPartner, RunningPlatform } from '../support';
import { assertNoPageErrors, openBrowser, signIn, tabTo, until, visit } from './browser';
import type { PortalBrowser } from './browser';

const PASSWORD = 'partner-password-1';

describe('portal: access, field errors and the keyboard (Chromium)', () => {
  let running: RunningPlatform;
  let portal: PortalBrowser;
  let partner: CreatedPartner;

  beforeAll(async () => {
    running = await startPlatform();
    portal = await openBrowser(running.platform.gatewayUrl, 'access');
    const { api, admin } = running;
    const laptop = await api.post('/api/products', { name: 'Test Laptop Pro', sku: 'LAP-ACCESS', commission_rate: 10, commission_rates: { gold: 12 } }, admin);
    expect(laptop.status).toBe(201);
    partner = await createPartner(api, admin, 'gold', { name: 'Keyboard Partners Ltd.' });
    const spiff = await api.post('/api/spiffs', {
      name: 'Q4 Laptop Promotion', target_products: [laptop.body.id], assignment_type: 'tier', target_tiers: ['gold'],
      incentive_amount: 100, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-03-31',
    }, admin);
    expect(spiff.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await portal?.close();
    await stopPlatform(running);
  });

  /** The partner's opportunities once fulfillment has made the spiff's assignment. */
  async function opportunities(page: Page): Promise<void> {
    await until(page, page.getByRole('heading', { name: 'Q4 Laptop Promotion' }));
    await visit(page, 'partner-opportunities', page.getByRole('heading', { level: 1, name: 'Your opportunities' }));
  }

  it('a partner cannot reach admin or analytics screens: typing their URL lands on its own home', async () => {
    const page = await portal.signedIn(partner.email, PASSWORD, 'sign-in');
    await opportunities(page);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toContain('Log a sale');
    expect(links.filter((l) => /^(Admin home|Partners|Products|Spiffs|Assignments|Commission queue|Dead letters|Users|Analytics overview|Time series|Spiff performance)$/.test(l))).toEqual([]);

    for (const path of ['/admin', '/admin/partners', '/admin/commissions', '/analytics', '/analytics/timeseries']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: 'Your opportunities' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/partner');
    }
    await expect(page.getByRole('heading', { name: /^(Partners|Products|Commission queue|Analytics overview)$/ }).count()).resolves.toBe(0);
    assertNoPageErrors(page);
  });

  it('signed out, a deep link goes to sign-in and, signed in, back to where it pointed', async () => {
    const page = await portal.page();
    await page.goto('/partner/sales/new');
    await visit(page, 'sign-in-redirect', page.getByRole('heading', { name: 'Sign in to SpiffWorks' }));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByRole('textbox', { name: 'Email' }).fill(partner.email);
    await page.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visit(page, 'sign-in-refused', page.getByRole('alert').filter({ hasText: 'Could not sign in' }));
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log a sale' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/partner/sales/new');
  });

  it('bad input: the API\'s message shows at the field it names, and nothing is booked', async () => {
    const page = await portal.signedIn(partner.email, PASSWORD, 'sign-in-again');
    await page.goto('/partner/sales/new');
    const form = page.getByRole('form', { name: 'Log a sale' });
    await visit(page, 'log-a-sale', form);
    await form.getByLabel('Quantity').fill('1');
    await form.getByLabel('Unit price').fill('2000000'); // the form takes it; the API allows at most 1,000,000
    await form.getByLabel('Sale date').fill('2025-01-20');
    await form.getByRole('button', { name: 'Log sale' }).click();

    const unitPrice = form.getByLabel('Unit price');
    await page.waitForFunction(
      (el: any) => /1000000|1,000,000/.test((el.getAttribute('aria-describedby') ?? '').split(' ').map((id: string) => (globalThis as any).document.getElementById(id)?.textContent ?? '').join(' ')),
      await unitPrice.elementHandle(),
    );
    await expect(unitPrice.getAttribute('aria-invalid')).resolves.toBe('true');
    await visit(page, 'log-a-sale-field-error', form.getByText(/1000000|1,000,000/));
    await expect(page.getByRole('status').filter({ hasText: 'Sale logged' }).count()).resolves.toBe(0);
    const mine = await running.api.get('/api/fulfillment/sales/my-sales', partner.token);
    expect(mine.body.items).toEqual([]);
  });

  it('keyboard only: sign in and log the seed sale with Tab, typing and Enter (no clicks)', async () => {
    const page = await portal.page();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to SpiffWorks' }).waitFor();
    await tabTo(page, page.getByRole('textbox', { name: 'Email' }));
    await page.keyboard.type(partner.email);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('textbox', { name: 'Password' }).evaluate((el: any) => el === (globalThis as any).document.activeElement)).resolves.toBe(true);
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Your opportunities' }).waitFor();

    const navLink = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Log a sale' });
    await tabTo(page, navLink);
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Log a sale' });
    await form.waitFor();
    // The partner's one sellable product is chosen already.
    await expect(form.getByRole('textbox', { name: 'Product' }).or(form.getByRole('combobox', { name: 'Product' })).first().inputValue()).resolves.toMatch(/^Test Laptop Pro \(LAP-ACCESS\)/);

    await tabTo(page, form.getByLabel('Quantity'));
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2');
    await tabTo(page, form.getByLabel('Unit price'));
    await page.keyboard.type('1000');
    await tabTo(page, form.getByLabel('Sale date'));
    await page.keyboard.type('01152025'); // Chromium's date field, en-US: month, day, year
    const preview = page.getByRole('region', { name: /preview/i });
    await preview.getByText('$440.00').waitFor();
    await visit(page, 'log-a-sale-keyboard-preview', preview);
    expect(await preview.getByTestId('amount-base-commission').textContent()).toBe('$240.00');
    expect(await preview.getByTestId('amount-spiff-bonus').textContent()).toBe('$200.00');
    expect(await preview.getByTestId('amount-total').textContent()).toBe('$440.00');

    await page.keyboard.press('Enter');
    const booked = page.getByRole('status').filter({ hasText: 'Sale logged' });
    await visit(page, 'log-a-sale-keyboard-booked', booked);
    const table = booked.getByRole('table', { name: 'Booked commission' });
    await expect(table.textContent()).resolves.toMatch(/\$240\.00.*\$200\.00.*\$440\.00/s);
    const mine = await running.api.get('/api/fulfillment/sales/my-sales', partner.token);
    expect(mine.body.items).toEqual([expect.objectContaining({ quantity: 2, unit_price: 1000, sale_date: '2025-01-15', total_commission: 440 })]);
  });

  it('the first admin signs in to the admin area (its home is not the partner\'s)', async () => {
    const page = await portal.page();
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password, 'sign-in-admin');
    expect(new URL(page.url()).pathname).toMatch(/^\/admin/);
    await page.goto('/partner');
    await page.waitForURL((url) => url.pathname.startsWith('/admin'));
  });

  // The seed scenario visits the rest; together every screen of every role is scanned.
  it.each([
    ['admin', '/admin/assignments', 'Assignments'],
    ['admin', '/admin/dead-letters', 'Dead letters'],
    ['admin', '/admin/users', 'Users'],
    ['admin', '/admin/sales/imports', 'Import sales'],
    ['admin', '/admin/partners/imports', 'Import partners'],
    ['partner', '/partner/sales', 'My sales'],
    ['partner', '/partner/commissions', 'My commissions'],
    ['partner', '/partner/analytics', 'My analytics'],
    ['partner', '/partner/sales/imports', 'Import sales'],
  ] as const)('the %s screen %s passes the accessibility scan once its data is shown', async (role, path, heading) => {
    const page = role === 'admin' ? await portal.signedIn(E2E_ADMIN.email, E2E_ADMIN.password, `sign-in-${role}`) : await portal.signedIn(partner.email, PASSWORD, `sign-in-${role}`);
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    // Past the loading state: the screen shows its data, an empty state or a table.
    await page.locator('main').getByText(/Loading/).first().waitFor({ state: 'detached' });
    await visit(page, `${role}-${path.split('/').pop()}`, page.getByRole('heading', { level: 1, name: heading }));
    assertNoPageErrors(page);
  });
});
