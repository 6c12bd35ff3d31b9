import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockApi, problem, renderApp, signInAs } from '../test/render';
import { seedSale } from './fixtures';

/** Mantine's FileInput is a button over a hidden file input: the input takes the upload. */
const fileInputOf = (dialog: HTMLElement): HTMLInputElement => dialog.ownerDocument.querySelector('input[type="file"]') as HTMLInputElement;

const waiting = { ...seedSale, commission_status: 'awaiting_review' as const };

function setup(answer: () => unknown) {
  const api = mockApi({
    'GET /api/fulfillment/sales/my-sales': () => ({ items: [waiting, { ...seedSale, id: 'a0e1d2c3-b4a5-4968-8778-695a4b3c2d1e' }], total: 2, page: 1, page_size: 20 }),
    'POST /api/fulfillment/sales/{id}/attachments': answer,
  });
  // The whole portal: My sales links to Log a sale, which needs the router.
  renderApp('/partner/sales', { role: 'partner' });
  return { api, user: userEvent.setup() };
}

describe('Add proof (My sales)', () => {
  beforeEach(() => void signInAs('partner'));
  afterEach(() => vi.unstubAllGlobals());

  it('offers "Add proof" only on a sale awaiting review, and uploads the file as multipart field "file"', async () => {
    const { api, user } = setup(() => ({ id: 'x', sale_id: waiting.id, content_type: 'image/png', size: 4, sha256: 'ab'.repeat(32), created_at: '2025-01-16T09:00:00.000Z' }));
    const buttons = await screen.findAllByRole('button', { name: /^Add proof for/ }, { timeout: 10_000 });
    expect(buttons).toHaveLength(1);
    await user.click(buttons[0]);
    const dialog = await screen.findByRole('dialog', { name: 'Add proof of sale' });
    await user.click(within(dialog).getByRole('button', { name: 'Attach' }));
    expect(await within(dialog).findByText('Choose the file to attach: a PDF, PNG or JPEG.')).toBeVisible();
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'receipt.png', { type: 'image/png' });
    await user.upload(fileInputOf(dialog), file);
    await user.click(within(dialog).getByRole('button', { name: 'Attach' }));
    expect(await within(dialog).findByText('receipt.png was attached (image/png).')).toBeVisible();
    const call = api.calls('POST /api/fulfillment/sales/{id}/attachments')[0];
    expect(call.url.pathname).toBe(`/api/fulfillment/sales/${waiting.id}/attachments`);
    expect(call.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    // The part is the field `file` with the chosen bytes (jsdom names a File part "blob").
    expect(String(call.body)).toMatch(/name="file"; filename="[^"]+"\r\nContent-Type: image\/png/);
  });

  it('shows the server\'s refusal of a file that is no PDF, PNG or JPEG', async () => {
    const { user } = setup(() => problem(415, 'ATTACHMENT_TYPE_REFUSED', 'file: must be a PDF, PNG or JPEG, judged by its content (not its name or header); nothing was stored'));
    await user.click((await screen.findAllByRole('button', { name: /^Add proof for/ }, { timeout: 10_000 }))[0]);
    const dialog = await screen.findByRole('dialog', { name: 'Add proof of sale' });
    await user.upload(fileInputOf(dialog), new File(['MZ'], 'invoice.pdf', { type: 'application/pdf' }));
    await user.click(within(dialog).getByRole('button', { name: 'Attach' }));
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent(/must be a PDF, PNG or JPEG/));
  });
});
