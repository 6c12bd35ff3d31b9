import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SALE_IMPORT_COLUMNS, SALE_IMPORT_LISTED_ERRORS, SALE_IMPORT_MAX_BYTES, SALE_IMPORT_MAX_ROWS } from '@spiffworks/contracts';
import type { Schemas } from '../api/client';
import { formatCount } from '../format/format';
import { LAPTOP_ID, seedOpportunity } from '../partner/fixtures';
import { FakeUpload, captureDownloads, contentOf } from '../test/fake-upload';
import { TEST_PARTNER_ID, mockApi, problem, renderApp } from '../test/render';
import { formatFileSize } from './file-format';

const IMPORT_ID = '0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f';
const IMPORT_STATUS = 'GET /api/fulfillment/sales/imports/{id}';
const ERROR_REPORT = 'GET /api/fulfillment/sales/imports/{id}/errors.csv';

const view = (overrides: Partial<Schemas['SaleImportResponse']> = {}): Schemas['SaleImportResponse'] => ({
  id: IMPORT_ID, status: 'queued', file_name: 'january.csv', rows_total: 3, rows_accepted: 0, rows_rejected: 0, errors: [], failure: null,
  created_at: '2025-02-01T09:00:00.000Z', finished_at: null, rows_purged_at: null, ...overrides,
});

const csvFile = (name = 'january.csv', text = `${SALE_IMPORT_COLUMNS.join(',')}\n`) => new File([text], name, { type: 'text/csv' });

async function openScreen(role: 'partner' | 'admin', handlers: Parameters<typeof mockApi>[0] = {}) {
  const api = mockApi({ 'GET /api/fulfillment/assignments/my-opportunities': () => ({ opportunities: [seedOpportunity] }), ...handlers });
  renderApp(role === 'partner' ? '/partner/sales/imports' : '/admin/sales/imports', { role });
  await screen.findByRole('heading', { level: 1, name: 'Import sales' });
  return { api, user: userEvent.setup() };
}

async function chooseAndUpload(user: ReturnType<typeof userEvent.setup>, file = csvFile()) {
  const before = FakeUpload.sent.length;
  await user.upload(screen.getByLabelText('Sales file'), file);
  await user.click(screen.getByRole('button', { name: 'Upload' }));
  await waitFor(() => expect(FakeUpload.sent).toHaveLength(before + 1));
  return FakeUpload.sent[before];
}

describe('import sales', () => {
  beforeEach(() => {
    FakeUpload.sent = [];
    vi.stubGlobal('XMLHttpRequest', FakeUpload);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("says what the file must look like from the server's own columns and limits, and the partner's own id", async () => {
    await openScreen('partner');
    const columns = screen.getByRole('table', { name: 'Columns of a sales file' });
    expect(within(columns).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell')[0].textContent)).toEqual([...SALE_IMPORT_COLUMNS]);
    expect(screen.getByRole('region', { name: 'What the file must look like' })).toHaveTextContent(`One file holds at most ${formatCount(SALE_IMPORT_MAX_ROWS)} rows and ${formatFileSize(SALE_IMPORT_MAX_BYTES)}.`);
    expect(formatFileSize(SALE_IMPORT_MAX_BYTES, 'en-US')).toBe('100 MB');
    expect(screen.getByText(/must be your partner id/)).toHaveTextContent(TEST_PARTNER_ID);
    expect(screen.getByText(new RegExp(`^${SALE_IMPORT_COLUMNS.join(',')}`))).toHaveTextContent(TEST_PARTNER_ID);
  });

  it("offers a partner a template with its id and its opportunities' products", async () => {
    const saved = captureDownloads();
    const { user } = await openScreen('partner');
    const button = screen.getByRole('button', { name: 'Download template (CSV)' });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(saved).toHaveLength(1);
    expect(saved[0].name).toBe('sales-template.csv');
    const [header, row] = (await contentOf(saved[0].blob)).trim().split('\n');
    expect(header).toBe([...SALE_IMPORT_COLUMNS, 'product_name', 'sku'].join(','));
    expect(row).toBe(`${TEST_PARTNER_ID},${LAPTOP_ID},,,,,Test Laptop Pro,LAPTOP-001`);
  });

  it('uploads with the token and one Idempotency-Key per file, shows upload progress, then polls the processing to the result', async () => {
    const answers = [view({ status: 'running', rows_accepted: 1 }), view({ status: 'completed', rows_accepted: 2, rows_rejected: 1, finished_at: '2025-02-01T09:00:05.000Z', errors: [{ row: 3, field: 'quantity', reason: 'must be at least 1' }] })];
    const { api, user } = await openScreen('partner', { [IMPORT_STATUS]: () => answers.shift() ?? answers[0] });
    const upload = await chooseAndUpload(user);

    expect(upload.method).toBe('POST');
    expect(upload.url).toBe('/api/fulfillment/sales/imports');
    expect(upload.headers.get('authorization')).toMatch(/^Bearer .+\..+\..+$/);
    const key = upload.headers.get('idempotency-key');
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect((upload.body?.get('file') as File).name).toBe('january.csv');

    const file = csvFile();
    upload.progress(file.size / 2, file.size);
    const uploadBar = screen.getByRole('progressbar', { name: 'Upload progress' });
    expect(uploadBar).toHaveAttribute('aria-valuenow', '50');
    expect(uploadBar).toHaveAttribute('aria-valuetext', `${formatFileSize(file.size / 2)} of ${formatFileSize(file.size)}`);

    upload.answer(202, { import_id: IMPORT_ID, status: 'queued' });
    const processing = await screen.findByRole('progressbar', { name: 'Processing progress' });
    expect(screen.queryByRole('progressbar', { name: 'Upload progress' })).not.toBeInTheDocument();
    await waitFor(() => expect(processing).toHaveAttribute('aria-valuetext', '1 of 3 rows'));
    await waitFor(() => expect(screen.getByRole('progressbar', { name: 'Processing progress' })).toHaveAttribute('aria-valuenow', '100'), { timeout: 5000 });
    expect(screen.getByRole('region', { name: 'Accepted' })).toHaveTextContent('2');
    expect(screen.getByRole('region', { name: 'Rejected' })).toHaveTextContent('1');
    const polls = api.calls(IMPORT_STATUS).length;
    expect(polls).toBeGreaterThanOrEqual(2);

    const rejected = screen.getByRole('table', { name: 'Rejected rows' });
    expect(within(rejected).getAllByRole('row')[1]).toHaveTextContent(/3quantitymust be at least 1/);
    expect(screen.queryByText(/the error report has every one/)).not.toBeInTheDocument();

    // Finished: no more polling; the import is listed for this tab.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(api.calls(IMPORT_STATUS)).toHaveLength(polls);
    expect(api.calls(IMPORT_STATUS)[0].url.pathname).toBe(`/api/fulfillment/sales/imports/${IMPORT_ID}`);
    expect(within(screen.getByRole('table', { name: 'Imports in this tab' })).getByText('january.csv')).toBeVisible();
    expect(sessionStorage.getItem('spiffworks.sale-imports.5d2c9a10-0000-4000-8000-000000000001')).toContain(IMPORT_ID);
  });

  it('sends a retried click with the same Idempotency-Key, and a newly chosen file with a new one', async () => {
    const { user } = await openScreen('admin');
    const first = await chooseAndUpload(user);
    await first.answerWith(problem(503, 'SERVICE_UNAVAILABLE', 'fulfillment is not answering'));
    expect(await screen.findByRole('alert')).toHaveTextContent('fulfillment is not answering');

    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await waitFor(() => expect(FakeUpload.sent).toHaveLength(2));
    expect(FakeUpload.sent[1].headers.get('idempotency-key')).toBe(first.headers.get('idempotency-key'));
    await FakeUpload.sent[1].answerWith(problem(503, 'SERVICE_UNAVAILABLE', 'fulfillment is not answering'));
    await waitFor(() => expect(screen.getByLabelText('Sales file')).toBeEnabled());

    const third = await chooseAndUpload(user, csvFile('february.csv'));
    expect((third.body?.get('file') as File).name).toBe('february.csv');
    expect(third.headers.get('idempotency-key')).not.toBe(first.headers.get('idempotency-key'));
  });

  it('takes a dropped file', async () => {
    const { user } = await openScreen('admin');
    fireEvent.drop(screen.getByTestId('sales-file-drop-zone'), { dataTransfer: { files: [csvFile('dropped.csv')] } });
    expect(await screen.findByText('dropped.csv')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await waitFor(() => expect(FakeUpload.sent).toHaveLength(1));
    expect((FakeUpload.sent[0].body?.get('file') as File).name).toBe('dropped.csv');
  });

  it('lists the first 1,000 rejected rows, says there are more, and downloads the full error report with the token', async () => {
    const errors = Array.from({ length: SALE_IMPORT_LISTED_ERRORS }, (_, i) => ({ row: i + 2, field: 'sale_date', reason: 'must not be in the future' }));
    const done = view({ status: 'completed', rows_total: 3000, rows_accepted: 1500, rows_rejected: 1500, errors, finished_at: '2025-02-01T09:01:00.000Z' });
    const { api, user } = await openScreen('admin', {
      [IMPORT_STATUS]: () => done,
      [ERROR_REPORT]: () => new Response('row,field,reason,partner_id\n2,sale_date,must not be in the future,x\n', { status: 200, headers: { 'content-type': 'text/csv' } }),
    });
    (await chooseAndUpload(user)).answer(202, { import_id: IMPORT_ID, status: 'queued' });

    const table = await screen.findByRole('table', { name: 'Rejected rows' });
    expect(within(table).getAllByRole('row')).toHaveLength(51);
    expect(screen.getByText(`The list shows the first ${formatCount(SALE_IMPORT_LISTED_ERRORS)} of ${formatCount(1500)} rejected rows; the error report has every one.`)).toBeVisible();

    const saved = captureDownloads();
    await user.click(screen.getByRole('button', { name: 'Download error report' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    const [call] = api.calls(ERROR_REPORT);
    expect(call.url.pathname).toBe(`/api/fulfillment/sales/imports/${IMPORT_ID}/errors.csv`);
    expect(call.headers.get('Authorization')).toMatch(/^Bearer /);
    expect(saved[0].name).toBe('january-errors.csv');
    expect(await contentOf(saved[0].blob)).toContain('must not be in the future');
  });

  it('shows a file without the required columns (400 IMPORT_FILE_INVALID) with the missing columns named', async () => {
    const { user } = await openScreen('partner');
    const upload = await chooseAndUpload(user, csvFile('no-header.csv', '1,2,3\n'));
    const missing = ['sale_date', 'invoice_number'];
    await upload.answerWith(problem(400, 'IMPORT_FILE_INVALID', `the first row must be a header naming the columns ${SALE_IMPORT_COLUMNS.join(', ')}; missing: ${missing.join(', ')}`,
      missing.map((field) => ({ field, reason: 'is missing from the header row' }))));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The file was not imported');
    expect(alert).toHaveTextContent('missing: sale_date, invoice_number');
    expect(within(alert).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['sale_date: is missing from the header row', 'invoice_number: is missing from the header row']);
    expect(alert).toHaveTextContent(`A sales file is CSV whose first row names every one of: ${SALE_IMPORT_COLUMNS.join(', ')}.`);
    expect(screen.queryByRole('progressbar', { name: 'Processing progress' })).not.toBeInTheDocument();
  });

  it('shows a file the server finds too large (413) with the limits, and refuses one over the size limit before sending it', async () => {
    const { user } = await openScreen('admin');
    const upload = await chooseAndUpload(user);
    await upload.answerWith(problem(413, 'PAYLOAD_TOO_LARGE', `the file has more than ${SALE_IMPORT_MAX_ROWS} rows`));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The file is too large');
    expect(alert).toHaveTextContent(`A file may hold at most ${formatCount(SALE_IMPORT_MAX_ROWS)} rows and ${formatFileSize(SALE_IMPORT_MAX_BYTES)}`);

    const huge = csvFile('huge.csv');
    Object.defineProperty(huge, 'size', { value: SALE_IMPORT_MAX_BYTES + 1 });
    await user.upload(screen.getByLabelText('Sales file'), huge);
    expect(await screen.findByRole('alert')).toHaveTextContent('This file cannot be imported');
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(FakeUpload.sent).toHaveLength(1);
  });

  it('is in the admin navigation, beside the commission queue', async () => {
    await openScreen('admin');
    const links = within(screen.getByRole('navigation', { name: 'Main navigation' })).getAllByRole('link').map((a) => a.textContent);
    expect(links.slice(links.indexOf('Assignments'), links.indexOf('Commission queue') + 1)).toEqual(['Assignments', 'Import sales', 'Commission queue']);
  });
});
