/**
 * The admin's program controls and the partner's after-sale screens, clicked through in a real
 * browser against the real platform (one platform for the file): a tier changed, a partner
 * suspended (and refused at sign-in), a spiff created with a units milestone, a manual assignment
 * with a target (and the API's PARTNER_NOT_APPROVED at its field), a spiff extended and another
 * cancelled, the progress bars moving after a sale, a return and its clawback line, a dispute, the
 * line drawer's audit history, the queue's CSV, a dead letter replayed, the analyst kept out of the
 * admin and partner areas, and the 404 page. Every screen and dialog on the way is scanned by
 * axe-core and photographed (tmp/portal-screenshots/controls-*.png).
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { Events } from '@spiffworks/contracts';
import type { EventEnvelope, Opportunity, SaleLoggedPayload } from '@spiffworks/contracts';
import { TestBroker, eventually, openServiceDb } from '@spiffworks/testing';
import type { Pool } from 'pg';
import { E2E_ADMIN, createPartner, startPlatform, stopPlatform } from '../support';
import type { CreatedPartner, RunningPlatform } from '../support';
import { choose, heading, navLink, openBrowser, selectInput, until, visit } from './browser';
import type { PortalBrowser } from './browser';

const PASSWORD = 'partner-password-1';
const ANALYST = { email: 'analyst@controls.example', password: 'analyst-password-1' };

describe('portal: program controls, returns, the audit trail and dead letters (Chromium)', () => {
  let running: RunningPlatform;
  let portal: PortalBrowser;
  let admin: Page;
  let partner: Page;
  let laptop: string;
  /** The partner that sells (gold): signs in, returns, disputes. */
  let aurora: CreatedPartner;
  /** Gold, moved to platinum. */
  let birch: CreatedPartner;
  /** Gold, suspended in the browser. */
  let cedar: CreatedPartner;
  /** Never approved: the assignment form does not offer it. */
  let dune: CreatedPartner;
  /** Approved when picked in the assignment form, suspended before the form is sent. */
  let elm: CreatedPartner;
  let spiffIds: Record<'seed' | 'boost' | 'extend' | 'cancel', string>;
  let seedSaleId: string;

  const api = () => running.api;
  const spiff = async (body: Record<string, unknown>): Promise<string> => {
    const created = await api().post('/api/spiffs', {
      target_products: [laptop], assignment_type: 'tier', incentive_type: 'fixed', ...body,
    }, running.admin);
    if (created.status !== 201) throw new Error(`create spiff: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.id;
  };
  const opportunities = async (who: CreatedPartner) =>
    (await api().get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', who.token)).body.opportunities;
  const sell = async (who: CreatedPartner, sale: { quantity: number; sale_date: string; invoice_number: string }): Promise<any> => {
    const logged = await api().post('/api/fulfillment/sales', { partner_id: who.id, product_id: laptop, unit_price: 1000, ...sale }, who.token);
    if (logged.status !== 201) throw new Error(`log sale: ${logged.status} ${JSON.stringify(logged.body)}`);
    return logged.body;
  };

  beforeAll(async () => {
    running = await startPlatform({ ACCOUNT_STATUS_CACHE_SECONDS: '1' });
    portal = await openBrowser(running.platform.gatewayUrl, 'controls');
    const { admin: token } = running;
    laptop = (await api().post('/api/products', { name: 'Aurora Laptop', sku: 'AUR-LAP', commission_rate: 10, commission_rates: { gold: 12 } }, token)).body.id;
    [aurora, birch, cedar, dune, elm] = await Promise.all([
      createPartner(api(), token, 'gold', { name: 'Aurora Systems' }),
      createPartner(api(), token, 'gold', { name: 'Birch Networks' }),
      createPartner(api(), token, 'gold', { name: 'Cedar Supply' }),
      createPartner(api(), token, 'gold', { name: 'Dune Traders', approve: false, login: false }),
      createPartner(api(), token, 'gold', { name: 'Elm Resellers' }),
    ]);
    expect((await api().post('/api/users', { ...ANALYST, role: 'analyst' }, token)).status).toBe(201);
    // The seed's spiff and sale (2 × 1,000 on 2025-01-15: 240 + 200 = 440), for the queue.
    const seed = await spiff({ name: 'Seed Promotion', target_tiers: ['gold'], incentive_amount: 100, start_date: '2025-01-01', end_date: '2025-03-31' });
    // For the manual assignment: a spiff no partner gets on its own (no silver partner).
    const boost = await spiff({ name: 'Partner Boost', target_tiers: ['silver'], incentive_amount: 25, start_date: '2025-04-01', end_date: '2025-06-30' });
    const extend = await spiff({ name: 'Summer Extend', target_tiers: ['silver'], incentive_amount: 10, start_date: '2026-01-01', end_date: '2099-03-31' });
    const cancel = await spiff({ name: 'Autumn Cancel', target_tiers: ['silver'], incentive_amount: 10, start_date: '2026-01-01', end_date: '2099-12-31' });
    spiffIds = { seed, boost, extend, cancel };
    await eventually(() => opportunities(aurora), (list) => list.some((o) => o.spiff?.id === seed));
    const booked = await sell(aurora, { quantity: 2, sale_date: '2025-01-15', invoice_number: 'INV-CTL-0001' });
    expect(booked).toMatchObject({ commission_amount: 240, spiff_bonus: 200, total_commission: 440 });
    seedSaleId = booked.sale_id ?? booked.id;
    admin = await portal.signedIn(E2E_ADMIN.email, E2E_ADMIN.password, 'sign-in-admin');
  }, 180_000);

  afterAll(async () => {
    await portal?.close();
    await stopPlatform(running);
  });

  const partnerRow = (name: string) => admin.getByRole('table', { name: 'Partners' }).getByRole('row').filter({ hasText: name });
  const spiffRow = (name: string) => admin.getByRole('table', { name: 'Spiffs' }).getByRole('row').filter({ hasText: name });

  it('admin: changes a partner\'s tier gold → platinum and suspends another, which is then refused at sign-in', async () => {
    await navLink(admin, 'Partners').click();
    await visit(admin, 'admin-partners', partnerRow('Birch Networks'));

    await admin.getByRole('button', { name: 'More actions for Birch Networks' }).click();
    await admin.getByRole('menuitem', { name: 'Change tier' }).click();
    const tierDialog = admin.getByRole('dialog', { name: 'Change the tier of Birch Networks' });
    await choose(admin, selectInput(tierDialog, 'New tier'), 'Platinum');
    await visit(admin, 'admin-change-tier-dialog', tierDialog);
    await tierDialog.getByRole('button', { name: 'Change tier', exact: true }).click();
    await admin.getByRole('status').filter({ hasText: 'Birch Networks is now Platinum.' }).waitFor();
    await partnerRow('Birch Networks').getByText('Platinum').waitFor();
    expect((await api().get(`/api/partners/${birch.id}`, running.admin)).body).toMatchObject({ tier: 'platinum', status: 'approved' });

    await admin.getByRole('button', { name: 'More actions for Cedar Supply' }).click();
    await admin.getByRole('menuitem', { name: 'Suspend' }).click();
    const suspendDialog = admin.getByRole('dialog', { name: 'Suspend Cedar Supply?' });
    await visit(admin, 'admin-suspend-dialog', suspendDialog);
    await suspendDialog.getByRole('button', { name: 'Suspend partner' }).click();
    await admin.getByRole('status').filter({ hasText: 'Cedar Supply is suspended' }).waitFor();
    await partnerRow('Cedar Supply').getByText(/suspended/i).waitFor();
    await expect(partnerRow('Cedar Supply').getByRole('button', { name: 'Approve Cedar Supply' }).textContent()).resolves.toBe('Restore');
    expect((await api().get(`/api/partners/${cedar.id}`, running.admin)).body.status).toBe('suspended');

    // The suspended partner's user: the sign-in screen shows the API's refusal and stays put.
    const refusal = await eventually(() => api().post('/api/auth/login', { email: cedar.email, password: PASSWORD }), (r) => r.status !== 200);
    expect(refusal).toMatchObject({ status: 401, body: { code: 'ACCOUNT_DISABLED' } });
    const page = await portal.page();
    await page.goto('/');
    await page.getByRole('textbox', { name: 'Email' }).fill(cedar.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not sign in' });
    await visit(page, 'sign-in-suspended', alert);
    await expect(alert.textContent()).resolves.toContain(refusal.body.message);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect(page.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(0);
  });

  it('admin: creates a spiff with a units milestone through the form, extends one spiff\'s end date and cancels another', async () => {
    await navLink(admin, 'Spiffs').click();
    await heading(admin, 'Spiffs').waitFor();
    await admin.getByRole('button', { name: 'Create a spiff' }).click();
    const form = admin.getByRole('form', { name: 'Create a spiff' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Milestone Sprint');
    await choose(admin, selectInput(form, 'Products'), 'Aurora Laptop (AUR-LAP)');
    await admin.keyboard.press('Escape');
    await form.getByRole('checkbox', { name: 'Gold' }).check();
    await form.getByLabel('Amount per unit sold').fill('50');
    await form.getByLabel('First day').fill('2025-04-01');
    await form.getByLabel('Last day').fill('2025-06-30');
    await form.getByRole('button', { name: 'Add a milestone' }).click();
    await form.getByLabel('Milestone 1 name').fill('Five units');
    await form.getByLabel('Threshold (units)').fill('5');
    await form.getByLabel('Reward').fill('50');
    // Gold and approved: Aurora and Elm (Birch is platinum now, Cedar suspended).
    await form.getByText('2 approved partners').first().waitFor();
    await visit(admin, 'admin-spiff-form-milestone', form);
    await form.getByRole('button', { name: 'Create spiff' }).click();
    await spiffRow('Milestone Sprint').getByText('1 milestone').waitFor();
    const created = (await api().get('/api/spiffs?page_size=100', running.admin)).body.items.find((s: { name: string }) => s.name === 'Milestone Sprint');
    expect(created).toMatchObject({
      incentive_amount: 50, incentive_type: 'fixed', target_tiers: ['gold'], start_date: '2025-04-01', end_date: '2025-06-30',
      milestones: [{ name: 'Five units', metric: 'units', threshold: 5, reward_amount: 50 }],
    });

    await admin.getByRole('button', { name: 'Extend Summer Extend' }).click();
    const extend = admin.getByRole('dialog', { name: 'Extend Summer Extend' });
    await extend.getByLabel('Last day').fill('2099-06-30');
    await visit(admin, 'admin-extend-dialog', extend);
    await extend.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByRole('status').filter({ hasText: 'Summer Extend now runs until 2099-06-30' }).waitFor();
    await spiffRow('Summer Extend').getByText('Jan 1, 2026 – Jun 30, 2099').waitFor();
    expect((await api().get(`/api/spiffs/${spiffIds.extend}`, running.admin)).body).toMatchObject({ end_date: '2099-06-30', status: 'active' });

    await admin.getByRole('button', { name: 'Cancel Autumn Cancel' }).click();
    const cancel = admin.getByRole('dialog', { name: 'Cancel Autumn Cancel?' });
    await visit(admin, 'admin-cancel-spiff-confirm', cancel);
    await cancel.getByRole('button', { name: 'Cancel spiff' }).click();
    await admin.getByRole('status').filter({ hasText: 'Autumn Cancel is cancelled' }).waitFor();
    const cancelled = (await api().get(`/api/spiffs/${spiffIds.cancel}`, running.admin)).body;
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelled_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const row = spiffRow('Autumn Cancel');
    await row.getByText(`on ${cancelled.cancelled_on}`).waitFor();
    await expect(row.textContent()).resolves.toMatch(/cancelled/i);
    await expect(row.getByRole('button', { name: 'Extend Autumn Cancel' }).count()).resolves.toBe(0);
    await visit(admin, 'admin-spiffs-changed', row);
  });

  it('admin: assigns a partner by hand with a target (the seed\'s Step 2); a pending partner is not offered, a suspended one gets PARTNER_NOT_APPROVED at the field', async () => {
    await navLink(admin, 'Assignments').click();
    await heading(admin, 'Assignments').waitFor();
    await admin.getByRole('button', { name: 'Assign a partner' }).click();
    const form = admin.getByRole('form', { name: 'Assign a partner' });
    await choose(admin, selectInput(form, 'Partner'), /^Aurora Systems · Gold · approved$/, 'Aurora');
    await choose(admin, selectInput(form, 'Spiff'), 'Partner Boost', 'Partner Boost');
    // Choosing the spiff filled its period and products.
    await expect(form.getByLabel('First day').inputValue()).resolves.toBe('2025-04-01');
    await expect(form.getByLabel('Last day').inputValue()).resolves.toBe('2025-06-30');
    await form.getByLabel('Target units (optional)').fill('10');
    await visit(admin, 'admin-assignment-form', form);
    await form.getByRole('button', { name: 'Assign partner' }).click();
    await admin.getByRole('status').filter({ hasText: 'The partner is assigned' }).waitFor();
    const row = admin.getByRole('table', { name: 'Assignments' }).getByRole('row').filter({ hasText: 'Aurora Systems' }).filter({ hasText: 'Partner Boost' });
    await row.getByText('0 of 10').waitFor();
    await visit(admin, 'admin-assignments-manual', row);
    const listed = (await api().get(`/api/fulfillment/assignments?partner_id=${aurora.id}&spiff_id=${spiffIds.boost}`, running.admin)).body.items;
    expect(listed).toEqual([expect.objectContaining({ assignment_type: 'spiff', target_quantity: 10, start_date: '2025-04-01', end_date: '2025-06-30', product_ids: [laptop] })]);

    // A pending partner: fulfillment knows it (it refuses it for being pending, not unknown), the form does not even offer it.
    const pending = await eventually(
      () => api().post('/api/fulfillment/assignments', { partner_id: dune.id, product_ids: [laptop], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31' }, running.admin),
      (r) => r.status !== 400,
    );
    expect(pending).toMatchObject({ status: 422, body: { code: 'PARTNER_NOT_APPROVED' } });
    await admin.getByRole('button', { name: 'Assign a partner' }).click();
    const again = admin.getByRole('form', { name: 'Assign a partner' });
    const partnerInput = selectInput(again, 'Partner');
    await partnerInput.fill('Dune');
    await admin.getByText('No approved partner matches').or(admin.getByRole('option')).first().waitFor().catch(() => undefined);
    await expect(admin.getByRole('option', { name: /Dune Traders/ }).count()).resolves.toBe(0);

    // Elm is approved when picked; suspended before the form is sent, the API's refusal shows at the Partner field.
    await choose(admin, partnerInput, /^Elm Resellers · Gold · approved$/, 'Elm');
    await choose(admin, selectInput(again, 'Spiff'), 'Partner Boost', 'Partner Boost');
    expect((await api().post(`/api/partners/${elm.id}/suspend`, {}, running.admin)).status).toBe(200);
    const refused = await eventually(
      () => api().post('/api/fulfillment/assignments', { partner_id: elm.id, product_ids: [laptop], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31' }, running.admin),
      (r) => r.status === 422,
    );
    expect(refused.body.code).toBe('PARTNER_NOT_APPROVED');
    await again.getByRole('button', { name: 'Assign partner' }).click();
    expect(refused.body.message).toContain('Elm Resellers is suspended');
    const fieldError = again.getByText(refused.body.message, { exact: true });
    await fieldError.waitFor();
    await expect(partnerInput.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = (await partnerInput.getAttribute('aria-describedby')) ?? '';
    const errorId = await fieldError.getAttribute('id');
    expect(errorId && describedBy.split(/\s+/)).toContain(errorId);
    await visit(admin, 'admin-assignment-form-refused', again);
    expect((await api().get(`/api/fulfillment/assignments?partner_id=${elm.id}&spiff_id=${spiffIds.boost}`, running.admin)).body.total).toBe(0);
    await admin.getByRole('dialog', { name: 'Assign a partner' }).getByRole('button', { name: 'Cancel' }).click();
  });

  it('partner: the opportunities show the target and the milestone as bars, and both move after a sale', async () => {
    partner = await portal.signedIn(aurora.email, PASSWORD, 'sign-in-partner');
    await eventually(() => opportunities(aurora), (list) => list.some((o) => o.spiff?.name === 'Milestone Sprint'));
    const boost = partner.getByRole('region', { name: 'Partner Boost' });
    const sprint = partner.getByRole('region', { name: 'Milestone Sprint' });
    const target = boost.getByRole('progressbar', { name: /^Progress to target/ });
    const milestone = sprint.getByRole('progressbar', { name: /^Milestone “Five units”/ });
    // At 0 % a bar's section has no width (Playwright calls it hidden): wait for the labels shown above the bars.
    await until(partner, sprint.getByText('Milestone “Five units”', { exact: true }));
    await boost.getByText('Progress to target', { exact: true }).waitFor();
    await expect(target.getAttribute('aria-valuenow')).resolves.toBe('0');
    await expect(milestone.getAttribute('aria-valuenow')).resolves.toBe('0');
    await visit(partner, 'partner-opportunities-before', sprint);

    const booked = await sell(aurora, { quantity: 2, sale_date: '2025-04-10', invoice_number: 'INV-CTL-0002' });
    // 12 % of 2,000 = 240; Milestone Sprint 50 × 2 = 100; Partner Boost 25 × 2 = 50.
    expect(booked).toMatchObject({ commission_amount: 240, spiff_bonus: 150, total_commission: 390 });
    await until(partner, boost.getByRole('progressbar', { name: 'Progress to target: 20 %' }), { timeoutMs: 15_000 });
    await expect(target.getAttribute('aria-valuenow')).resolves.toBe('20');
    await expect(boost.textContent()).resolves.toContain('2 of 10 units · $2,000.00 revenue');
    await expect(milestone.getAttribute('aria-valuenow')).resolves.toBe('40');
    await expect(sprint.textContent()).resolves.toContain('2 of 5 units · reward $50.00');
    await visit(partner, 'partner-opportunities-after-sale', boost);
  });

  it('partner: returns one unit from My sales; My commissions shows the clawback (negative, pending) with its trace; disputes a line', async () => {
    await navLink(partner, 'My sales').click();
    await heading(partner, 'My sales').waitFor();
    await partner.getByRole('button', { name: 'Return units of the Aurora Laptop sale of Apr 10, 2025' }).click();
    const dialog = partner.getByRole('dialog', { name: 'Return units of a sale' });
    await dialog.getByLabel('Units returned').fill('1');
    await dialog.getByLabel('Reason').fill('One unit came back damaged');
    await visit(partner, 'partner-return-dialog', dialog);
    await dialog.getByRole('button', { name: 'Record return' }).click();
    await dialog.waitFor({ state: 'detached' });
    const sale = (await api().get('/api/fulfillment/sales/my-sales', aurora.token)).body.items.find((s: { invoice_number: string }) => s.invoice_number === 'INV-CTL-0002');
    expect(sale).toMatchObject({ quantity: 2, returned_quantity: 1 });

    await navLink(partner, 'My commissions').click();
    await heading(partner, 'My commissions').waitFor();
    await partner.getByRole('tab', { name: 'Pending' }).click();
    const clawback = partner.getByRole('table', { name: 'Pending commissions' }).getByRole('row').filter({ hasText: 'Return clawback' });
    await until(partner, clawback, { reload: async () => { await partner.reload(); await partner.getByRole('tab', { name: 'Pending' }).click(); } });
    await expect(clawback.textContent()).resolves.toMatch(/Return of 1 of 2 units: -195\.00 taken back \(.+\)/);
    await expect(clawback.textContent()).resolves.toContain('-$195.00');
    await expect(clawback.textContent()).resolves.toMatch(/Pending/);
    const lines = (await api().get('/api/commissions/my-commissions?status=pending', aurora.token)).body.items;
    expect(lines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'clawback', total_commission: -195, status: 'pending', sale_id: sale.id })]));
    await visit(partner, 'partner-commissions-clawback', clawback);

    await partner.getByRole('button', { name: 'Dispute the line of Apr 10, 2025, $390.00' }).click();
    const dispute = partner.getByRole('dialog', { name: 'Dispute this line' });
    await dispute.getByLabel('Reason').fill('The Partner Boost bonus should be 30 per unit');
    await visit(partner, 'partner-dispute-dialog', dispute);
    await dispute.getByRole('button', { name: 'Send dispute' }).click();
    await partner.getByText('Dispute sent.').waitFor();
    await navLink(partner, 'My disputes').click();
    const mine = partner.getByRole('table', { name: 'My disputes' }).getByRole('row').filter({ hasText: 'The Partner Boost bonus should be 30 per unit' });
    await visit(partner, 'partner-disputes', mine);
  });

  it('admin: approves and pays the seed line, whose drawer lists each status change; rejects through the dialog; exports the queue as CSV', async () => {
    await navLink(admin, 'Commission queue').click();
    await heading(admin, 'Commission queue').waitFor();
    const seedLine = admin.getByRole('checkbox', { name: 'Select the line of Aurora Systems on 2025-01-15, $440.00' });
    await until(admin, seedLine);
    await seedLine.check();
    const bulk = admin.getByRole('region', { name: 'Bulk actions' });
    await bulk.getByRole('button', { name: 'Approve' }).click();
    await admin.getByRole('status').filter({ hasText: '1 line approved.' }).waitFor();
    const status = selectInput(admin, 'Status');
    await choose(admin, status, 'Approved');
    await admin.getByRole('checkbox', { name: 'Select the line of Aurora Systems on 2025-01-15, $440.00' }).check();
    await bulk.getByRole('button', { name: 'Pay…' }).click();
    const pay = admin.getByRole('dialog', { name: 'Pay 1 line' });
    await pay.getByLabel('Payout reference').fill('PAY-CTL-001');
    await pay.getByRole('button', { name: 'Mark as paid' }).click();
    await admin.getByRole('status').filter({ hasText: '1 line paid.' }).waitFor();
    await choose(admin, status, 'Paid');
    await admin.getByRole('button', { name: 'Details of the line of Aurora Systems on 2025-01-15' }).click();
    const drawer = admin.getByRole('dialog', { name: 'Commission line' });
    const history = drawer.getByText(/^(Booked as \w+|\w+ → \w+)$/);
    await drawer.getByText('approved → paid').waitFor();
    await expect(history.allTextContents()).resolves.toEqual(['Booked as pending', 'pending → approved', 'approved → paid']);
    await expect(drawer.textContent()).resolves.toContain('PAY-CTL-001');
    await expect(drawer.getByText(new RegExp(`by ${E2E_ADMIN.email.replace('.', '\\.')}$`)).count()).resolves.toBe(2); // approved, then paid
    await expect(drawer.textContent()).resolves.toContain('Base: 12 % (gold tier) of 2,000.00 = 240.00');
    await visit(admin, 'admin-line-drawer', drawer);
    const seedCommission = (await api().get('/api/commissions?status=paid', running.admin)).body.items.find((l: { sale_id: string }) => l.sale_id === seedSaleId);
    const audit = (await api().get(`/api/commissions/${seedCommission.id}`, running.admin)).body.history;
    expect(audit.map((h: { from_status: string | null; to_status: string }) => [h.from_status, h.to_status])).toEqual([[null, 'pending'], ['pending', 'approved'], ['approved', 'paid']]);
    await admin.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // The reject dialog, for the April line (scanned, then left with Cancel: nothing changes).
    await choose(admin, status, 'Pending');
    await admin.getByRole('checkbox', { name: 'Select the line of Aurora Systems on 2025-04-10, $390.00' }).check();
    await bulk.getByRole('button', { name: 'Reject…' }).click();
    const reject = admin.getByRole('dialog', { name: 'Reject 1 line' });
    await reject.getByLabel('Reason').fill('Invoice not found in the distributor feed');
    await visit(admin, 'admin-reject-dialog', reject);
    await reject.getByRole('button', { name: 'Cancel' }).click();
    await reject.waitFor({ state: 'detached' });

    // The paid lines as CSV (the file follows the screen's filters).
    await choose(admin, status, 'Paid');
    await admin.getByRole('checkbox', { name: 'Select the line of Aurora Systems on 2025-01-15, $440.00' }).waitFor();
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('commission_id,partner_id,kind,sale_id,sale_date,revenue,commission_amount,spiff_bonus,reward_amount,total_commission,status,payout_reference,created_at');
    expect(csv.some((line) => line.includes(`,sale,${seedSaleId},2025-01-15,2000.00,240.00,200.00,0.00,440.00,paid,PAY-CTL-001,`))).toBe(true);

    await navLink(admin, 'Disputes').click();
    const disputed = admin.getByRole('table', { name: 'Disputes' }).getByRole('row').filter({ hasText: 'The Partner Boost bonus should be 30 per unit' });
    await until(admin, disputed);
    await visit(admin, 'admin-disputes', disputed);
  });

  it('admin: a dead letter is listed with its error, replayed through the confirm, and leaves the list', async () => {
    const broker = await TestBroker.open(running.config);
    const commissionsDb: Pool = openServiceDb(running.config, 'commissions');
    try {
      const poison: EventEnvelope<SaleLoggedPayload> = broker.envelope<SaleLoggedPayload>(Events.SaleLogged, {
        sale_id: randomUUID(), partner_id: randomUUID(), partner_name: 'Poison Partner', tier: 'gold',
        product_id: randomUUID(), product_name: 'Laptop', quantity: 1, unit_price: '100.00', revenue: '100.00',
        sale_date: '2025-01-15', invoice_number: null, commission_rate: '10', spiff_candidates: [], assignment_ids: [],
        logged_by: randomUUID(), logged_at: new Date().toISOString(),
      }, 'fulfillment');
      const saleId = poison.payload.sale_id;
      // The cause: the ledger refuses this one sale (a non-transient error) until the trigger goes.
      await commissionsDb.query(`
        CREATE FUNCTION swt_portal_refuse_sale() RETURNS trigger AS $$
        BEGIN IF NEW.sale_id = '${saleId}' THEN RAISE EXCEPTION 'ledger refuses sale ${saleId}'; END IF; RETURN NEW; END $$
        LANGUAGE plpgsql`);
      await commissionsDb.query('CREATE TRIGGER swt_portal_refuse_sale BEFORE INSERT ON commission_lines FOR EACH ROW EXECUTE FUNCTION swt_portal_refuse_sale()');
      broker.publish(poison);
      await eventually(
        () => api().get('/api/admin/dead-letters', running.admin),
        (r) => r.status === 200 && r.body.items.some((d: { id: string }) => d.id === poison.id),
        { timeoutMs: 60_000, intervalMs: 250 },
      );

      await navLink(admin, 'Dead letters').click();
      await heading(admin, 'Dead letters').waitFor();
      const row = admin.getByRole('table', { name: 'Dead letters' }).getByRole('row').filter({ hasText: poison.id });
      await until(admin, row);
      await expect(row.textContent()).resolves.toContain(`ledger refuses sale ${saleId}`);
      await expect(row.textContent()).resolves.toContain('commissions');
      await visit(admin, 'admin-dead-letters', row);

      await commissionsDb.query('DROP TRIGGER swt_portal_refuse_sale ON commission_lines');
      await commissionsDb.query('DROP FUNCTION swt_portal_refuse_sale()');
      await row.getByRole('button', { name: `Replay ${Events.SaleLogged} ${poison.id} in commissions` }).click();
      const confirm = admin.getByRole('dialog', { name: 'Replay this event?' });
      await visit(admin, 'admin-replay-confirm', confirm);
      await confirm.getByRole('button', { name: 'Replay', exact: true }).click();
      await admin.getByRole('status').filter({ hasText: 'Replayed in commissions' }).waitFor();
      await row.waitFor({ state: 'detached' });
      const after = await api().get('/api/admin/dead-letters', running.admin);
      expect(after.body.items.map((d: { id: string }) => d.id)).not.toContain(poison.id);
      // Replayed, the ledger books it: a line for the sale, once.
      await eventually(
        async () => (await commissionsDb.query('SELECT count(*)::int AS n FROM commission_lines WHERE sale_id = $1', [saleId])).rows[0].n,
        (n) => n === 1,
        { timeoutMs: 30_000 },
      );
      await visit(admin, 'admin-dead-letters-replayed', heading(admin, 'Dead letters'));
    } finally {
      await commissionsDb.query('DROP TRIGGER IF EXISTS swt_portal_refuse_sale ON commission_lines').catch(() => undefined);
      await commissionsDb.query('DROP FUNCTION IF EXISTS swt_portal_refuse_sale()').catch(() => undefined);
      await commissionsDb.end();
      await broker.close();
    }
  });

  it('analyst: is sent back to analytics from /admin and /partner screens, sees the overview; an unknown address shows the 404 page', async () => {
    const analyst = await portal.signedIn(ANALYST.email, ANALYST.password, 'sign-in-analyst');
    await heading(analyst, 'Analytics overview').waitFor();
    const links = await analyst.getByRole('navigation', { name: 'Main navigation' }).getByRole('link').allTextContents();
    expect(links).toContain('Analytics overview');
    expect(links.filter((l) => /^(Admin home|Partners|Spiffs|Assignments|Commission queue|Dead letters|Your opportunities|My sales|My commissions|Log a sale)$/.test(l))).toEqual([]);
    for (const path of ['/admin', '/admin/commissions', '/admin/dead-letters', '/partner', '/partner/commissions', '/partner/sales/new']) {
      await analyst.goto(path);
      await heading(analyst, 'Analytics overview').waitFor();
      expect(new URL(analyst.url()).pathname).toBe('/analytics');
    }
    await expect(analyst.getByRole('heading', { name: /^(Partners|Commission queue|Dead letters|Your opportunities|My commissions)$/ }).count()).resolves.toBe(0);
    const top = analyst.getByRole('table', { name: 'Top 5 partners by revenue' }).getByRole('row').filter({ hasText: 'Aurora Systems' });
    await until(analyst, top);
    await expect(analyst.getByRole('region', { name: 'Revenue', exact: true }).textContent()).resolves.toMatch(/\$\d[\d,]*\.\d\d/);
    await visit(analyst, 'analyst-overview', top);

    await analyst.goto('/no-such-screen');
    await visit(analyst, 'not-found', heading(analyst, 'Page not found'));
    await expect(analyst.getByRole('link', { name: 'Go to your home page' }).count()).resolves.toBe(1);
  });
});
