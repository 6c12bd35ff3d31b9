/**
 * Proof of sale in a real browser (Chromium): the partner adds proof to a sale awaiting review from
 * My sales; the admin sees it inline in Reviews, with a duplicate flag, and declines it with a reason
 * the partner then reads on My commissions. Every screen is scanned by axe-core and photographed
 * (tmp/portal-screenshots/proof-*.png).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommissionView, Opportunity, Page as ApiPage } from '@spiffworks/contracts';
import { eventually } from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform, E2E_ADMIN } from '../support';
import type { CreatedPartner, RunningPlatform } from '../support';
import { assertNoPageErrors, openBrowser, until, visit } from './browser';
import type { PortalBrowser } from './browser';

const PASSWORD = 'partner-password-1';
/** A real 1 × 1 PNG, so the admin's inline view shows an image. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('portal: proof of sale and its review (Chromium)', () => {
  let running: RunningPlatform;
  let portal: PortalBrowser;
  let partners: CreatedPartner[];
  let dir: string;

  beforeAll(async () => {
    running = await startPlatform();
    portal = await openBrowser(running.platform.gatewayUrl, 'proof');
    dir = await mkdtemp(join(tmpdir(), 'spiffworks-proof-'));
    const { api, admin } = running;
    const laptop = (await api.post('/api/products', { name: 'Proof Laptop', sku: 'LAP-PROOF', commission_rate: 12 }, admin)).body.id;
    partners = [await createPartner(api, admin, 'gold', { name: 'Proof Partners Ltd.' }), await createPartner(api, admin, 'gold', { name: 'Other Claims Inc.' })];
    expect((await api.post('/api/spiffs', {
      name: 'Proof Q1', target_products: [laptop], assignment_type: 'tier', target_tiers: ['gold'], incentive_amount: 100, incentive_type: 'fixed',
      start_date: '2025-01-01', end_date: '2025-03-31', proof_required: true,
    }, admin)).status).toBe(201);
    for (const [i, partner] of partners.entries()) {
      await eventually(async () => (await api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', partner.token)).body,
        (body) => body.opportunities?.length === 1);
      const sold = await api.post('/api/fulfillment/sales', {
        partner_id: partner.id, product_id: laptop, quantity: 2, unit_price: 1000, sale_date: '2025-01-15', invoice_number: i === 0 ? 'INV-PROOF-1' : 'inv proof 1',
      }, partner.token);
      expect(sold.status).toBe(201);
      await eventually(async () => (await api.get<ApiPage<CommissionView>>('/api/commissions/my-commissions', partner.token)).body.items,
        (items) => items.length === 1 && items[0].status === 'awaiting_review');
    }
  }, 180_000);

  afterAll(async () => {
    await portal?.close();
    await stopPlatform(running);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('partner adds proof; admin sees it inline with the duplicate flag and declines; the partner reads why', async () => {
    const partner = await portal.signedIn(partners[0].email, PASSWORD, 'partner-sign-in');
    await partner.goto('/partner/sales');
    await visit(partner, 'partner-my-sales-awaiting-review', partner.getByRole('button', { name: /^Add proof for/ }));
    await partner.getByRole('button', { name: /^Add proof for/ }).click();
    const dialog = partner.getByRole('dialog', { name: 'Add proof of sale' });
    const file = join(dir, 'receipt.png');
    await writeFile(file, PNG);
    await dialog.locator('input[type="file"]').setInputFiles(file);
    await dialog.getByRole('button', { name: 'Attach' }).click();
    await visit(partner, 'partner-proof-attached', dialog.getByText('receipt.png was attached (image/png).'));

    const admin = await portal.signedIn(E2E_ADMIN.email, E2E_ADMIN.password, 'admin-sign-in');
    await admin.goto('/admin/reviews');
    const card = admin.getByRole('article', { name: /^Proof Partners Ltd\./ });
    await until(admin, card.getByRole('img', { name: /Proof of sale \(image\/png/ }), { reload: () => admin.reload() });
    await until(admin, card.getByText('Same invoice number claimed by another partner'));
    await visit(admin, 'admin-reviews', card);
    await card.getByRole('button', { name: /^Decline / }).click();
    const decline = admin.getByRole('dialog', { name: 'Decline the proof' });
    await decline.getByRole('textbox', { name: 'Reason' }).fill('the invoice is for another customer');
    await decline.getByRole('button', { name: 'Decline' }).click();
    await visit(admin, 'admin-review-declined', admin.getByText('1 line declined: rejected, the partner sees why.'));

    await partner.goto('/partner/commissions');
    await partner.getByRole('tab', { name: 'Rejected' }).click();
    await visit(partner, 'partner-commission-declined', partner.getByText(/the invoice is for another customer/));
    assertNoPageErrors(partner);
    assertNoPageErrors(admin);
  });
});
