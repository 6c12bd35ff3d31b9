import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_PARTNER_ID, TestProviders, mockApi, problem, signInAs } from '../test/render';
import { MyCommissionsPage } from './MyCommissionsPage';
import { MyDisputesPage } from './MyDisputesPage';

const LINE_ID = '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c01';
const line = (open_dispute_id: string | null) => ({
  id: LINE_ID, kind: 'sale', partner_id: TEST_PARTNER_ID, sale_id: null, product_id: null, milestone_achievement_id: null, return_id: null,
  sale_date: '2025-01-15', revenue: 2000, commission_amount: 240, spiff_bonus: 0, reward_amount: 0, total_commission: 240, spiffs_applied: [],
  status: 'pending', status_reason: null, payout_reference: null, trace: { rounding: 'half-up' }, open_dispute_id,
  created_at: '2025-01-15T10:30:00.000Z', updated_at: '2025-01-15T10:30:00.000Z',
});
const dispute = (over: Record<string, unknown> = {}) => ({
  id: '4f3e2d1c-0b9a-4876-9543-210fedcba987', commission_id: LINE_ID, partner_id: TEST_PARTNER_ID, status: 'open', reason: 'the bonus is missing',
  answer: null, adjustment_amount: null, adjustment_line_id: null, opened_by: 'u', resolved_by: null, opened_at: '2025-02-01T10:00:00.000Z', resolved_at: null, attachments: [], ...over,
});
const PDF_FILE = { id: '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d', dispute_id: '4f3e2d1c-0b9a-4876-9543-210fedcba987', content_type: 'application/pdf', size: 9, sha256: 'cd'.repeat(32), created_at: '2025-02-01T10:01:00.000Z' };

/** Mantine's FileInput is a button over a hidden file input: the input takes the upload. */
const fileInputOf = (dialog: HTMLElement): HTMLInputElement => dialog.ownerDocument.querySelector('input[type="file"]') as HTMLInputElement;
const pdf = () => new File([new TextEncoder().encode('%PDF-1.4\n')], 'invoice.pdf', { type: 'application/pdf' });

function disputeFrom(opened: () => void, attachment: () => unknown) {
  return mockApi({
    'GET /api/commissions/my-commissions': () => ({ items: [line(null)], total: 1, page: 1, page_size: 20 }),
    'GET /api/fulfillment/analytics/partner/{id}': () => problem(404, 'PARTNER_NOT_FOUND', 'not yet'),
    'POST /api/commissions/{id}/disputes': () => {
      opened();
      return dispute();
    },
    'POST /api/disputes/{id}/attachments': attachment,
  });
}

describe('partner disputes', () => {
  beforeEach(() => void signInAs('partner'));
  afterEach(() => vi.unstubAllGlobals());

  it('disputes a line from My commissions with a required reason', async () => {
    let opened = false;
    const api = mockApi({
      'GET /api/commissions/my-commissions': () => ({ items: [line(opened ? 'd1' : null)], total: 1, page: 1, page_size: 20 }),
      'GET /api/fulfillment/analytics/partner/{id}': () => problem(404, 'PARTNER_NOT_FOUND', 'not yet'),
      'POST /api/commissions/{id}/disputes': () => {
        opened = true;
        return dispute();
      },
    });
    render(<TestProviders><MyCommissionsPage /></TestProviders>);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^Dispute the line of/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Dispute this line' });
    await user.click(within(dialog).getByRole('button', { name: 'Send dispute' }));
    expect(await within(dialog).findByText('Say what looks wrong: the admin answers it.')).toBeVisible();
    expect(api.calls('POST /api/commissions/{id}/disputes')).toHaveLength(0);

    await user.type(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'the bonus is missing');
    await user.click(within(dialog).getByRole('button', { name: 'Send dispute' }));
    await waitFor(() => expect(api.calls('POST /api/commissions/{id}/disputes')).toHaveLength(1));
    const [call] = api.calls('POST /api/commissions/{id}/disputes');
    expect(call.url.pathname).toBe(`/api/commissions/${LINE_ID}/disputes`);
    expect(call.body).toEqual({ reason: 'the bonus is missing' });
    expect(call.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await screen.findByText(/Dispute sent/)).toBeVisible();
    expect(await screen.findByText('Dispute open')).toBeVisible();
  });

  it('attaches the optional file after the dispute is opened, as multipart field "file" with its own key', async () => {
    const api = disputeFrom(() => undefined, () => PDF_FILE);
    render(<TestProviders><MyCommissionsPage /></TestProviders>);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^Dispute the line of/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Dispute this line' });
    await user.type(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'the bonus is missing');
    await user.upload(fileInputOf(dialog), pdf());
    await user.click(within(dialog).getByRole('button', { name: 'Send dispute' }));
    await waitFor(() => expect(api.calls('POST /api/disputes/{id}/attachments')).toHaveLength(1));
    const [open] = api.calls('POST /api/commissions/{id}/disputes');
    const [upload] = api.calls('POST /api/disputes/{id}/attachments');
    expect(upload.url.pathname).toBe(`/api/disputes/${dispute().id}/attachments`);
    expect(upload.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(String(upload.body)).toMatch(/name="file"; filename="[^"]+"\r\nContent-Type: application\/pdf/);
    expect(upload.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(upload.headers.get('Idempotency-Key')).not.toBe(open.headers.get('Idempotency-Key'));
    expect(await screen.findByText(/Dispute sent/)).toBeVisible();
  });

  it('keeps the dispute when only the file is refused, and retries the file alone', async () => {
    let attempts = 0;
    const api = disputeFrom(() => undefined, () => (++attempts === 1
      ? problem(415, 'ATTACHMENT_TYPE_REFUSED', 'file: must be a PDF, PNG or JPEG, judged by its content (not its name or header); nothing was stored')
      : PDF_FILE));
    render(<TestProviders><MyCommissionsPage /></TestProviders>);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^Dispute the line of/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Dispute this line' });
    await user.type(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'the bonus is missing');
    await user.upload(fileInputOf(dialog), pdf());
    await user.click(within(dialog).getByRole('button', { name: 'Send dispute' }));
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent(/dispute was sent, but the file was not attached: .*must be a PDF, PNG or JPEG/));
    await user.click(within(dialog).getByRole('button', { name: 'Attach the file' }));
    await waitFor(() => expect(api.calls('POST /api/disputes/{id}/attachments')).toHaveLength(2));
    expect(api.calls('POST /api/commissions/{id}/disputes')).toHaveLength(1);
    expect(await screen.findByText(/Dispute sent/)).toBeVisible();
  });

  it('shows a refusal in the dialog (one open dispute per line)', async () => {
    mockApi({
      'GET /api/commissions/my-commissions': () => ({ items: [line(null)], total: 1, page: 1, page_size: 20 }),
      'GET /api/fulfillment/analytics/partner/{id}': () => problem(404, 'PARTNER_NOT_FOUND', 'not yet'),
      'POST /api/commissions/{id}/disputes': () => problem(409, 'DISPUTE_ALREADY_OPEN', `commission ${LINE_ID} has an open dispute already`),
    });
    render(<TestProviders><MyCommissionsPage /></TestProviders>);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^Dispute the line of/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Dispute this line' });
    await user.type(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'again');
    await user.click(within(dialog).getByRole('button', { name: 'Send dispute' }));
    expect(await within(dialog).findByText(/has an open dispute already/)).toBeVisible();

    // Cancelled, the reason does not come back with the next dialog.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.click(await screen.findByRole('button', { name: /^Dispute the line of/ }));
    const again = await screen.findByRole('dialog', { name: 'Dispute this line' });
    expect(within(again).getByRole('textbox', { name: /^Reason/ })).toHaveValue('');
  });

  it('lists its disputes with their status and the admin\'s answer', async () => {
    mockApi({
      'GET /api/disputes': () => ({
        items: [dispute(), dispute({ id: 'd2', status: 'resolved_adjusted', answer: 'bonus added', adjustment_amount: 25, reason: 'short' })], total: 2, page: 1, page_size: 20,
      }),
    });
    render(<TestProviders><MyDisputesPage /></TestProviders>);
    const table = await screen.findByRole('table', { name: 'My disputes' });
    expect(within(table).getByText('Waiting for an answer')).toBeVisible();
    expect(within(table).getByText('Adjusted')).toBeVisible();
    expect(within(table).getByText('bonus added')).toBeVisible();
    expect(within(table).getByText('$25.00')).toBeVisible();
  });

  it('lists a PDF attached to a dispute as a button that opens it, fetched with the token', async () => {
    const open = vi.fn();
    vi.stubGlobal('open', open);
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:dispute-pdf', revokeObjectURL: () => undefined }));
    const api = mockApi({
      'GET /api/disputes': () => ({ items: [dispute({ attachments: [PDF_FILE] })], total: 1, page: 1, page_size: 20 }),
      'GET /api/disputes/{id}/attachments/{attachment_id}': () => new Response(new Blob(['%PDF-1.4\n'], { type: 'application/pdf' }), { headers: { 'content-type': 'application/pdf' } }),
    });
    render(<TestProviders><MyDisputesPage /></TestProviders>);
    const table = await screen.findByRole('table', { name: 'My disputes' });
    await userEvent.setup().click(within(table).getByRole('button', { name: /^Open the PDF attached to the dispute \(application\/pdf, 9 bytes/ }));
    await waitFor(() => expect(open).toHaveBeenCalledWith('blob:dispute-pdf', '_blank', 'noopener'));
    const [download] = api.calls('GET /api/disputes/{id}/attachments/{attachment_id}');
    expect(download.url.pathname).toBe(`/api/disputes/${PDF_FILE.dispute_id}/attachments/${PDF_FILE.id}`);
    expect(download.headers.get('authorization')).toMatch(/^Bearer /);
  });
});
