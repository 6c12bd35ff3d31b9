import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, problem, renderApp } from '../test/render';
import { seedSale } from './fixtures';

const SALES = [
  { ...seedSale, id: 'f0e1d2c3-b4a5-4968-8778-695a4b3c2d01', invoice_number: 'INV-2025-001', commission_status: 'pending' },
  { ...seedSale, id: 'f0e1d2c3-b4a5-4968-8778-695a4b3c2d02', invoice_number: 'INV-2025-002', commission_status: 'paid', sale_date: '2025-01-10' },
  { ...seedSale, id: 'f0e1d2c3-b4a5-4968-8778-695a4b3c2d03', invoice_number: 'INV-2025-003', commission_status: 'rejected', sale_date: '2025-01-05' },
];

function setup(extra: Record<string, (request: Request, body: unknown) => unknown> = {}) {
  const api = mockApi({ 'GET /api/fulfillment/sales/my-sales': () => ({ items: SALES, total: 3, page: 1, page_size: 20 }), ...extra });
  renderApp('/partner/sales', { role: 'partner' });
  return { api, user: userEvent.setup() };
}

/** The 201 of a recorded return of one unit of the first sale. */
const returnRecorded = (reason: string): Response =>
  new Response(JSON.stringify({ id: '3c2b1a09-8f7e-4d6c-b5a4-938271605f4e', sale_id: SALES[0].id, quantity: 1, revenue_returned: 1000, reason, created_at: '2025-01-20T08:00:00.000Z' }), { status: 201, headers: { 'content-type': 'application/json' } });

const rowOf = (table: HTMLElement, invoice: string): HTMLElement => within(table).getByText(invoice).closest('tr') as HTMLElement;

describe('my sales', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows each sale’s commission status in the status column', async () => {
    setup();
    const table = await screen.findByRole('table', { name: 'My sales' });
    const headers = within(table).getAllByRole('columnheader').map((th) => th.textContent);
    const statusColumn = headers.indexOf('Status');
    expect(statusColumn).toBeGreaterThan(-1);
    const statusOf = (invoice: string) => within(rowOf(table, invoice)).getAllByRole('cell')[statusColumn].textContent;
    expect(statusOf('INV-2025-001')).toBe('Pending');
    expect(statusOf('INV-2025-002')).toBe('Paid');
    expect(statusOf('INV-2025-003')).toBe('Rejected');
  });

  it('returns units: sends the quantity and reason, and shows the API field error at its field', async () => {
    let calls = 0;
    const { api, user } = setup({
      'POST /api/fulfillment/sales/{id}/returns': () =>
        ++calls === 1
          ? problem(422, 'VALIDATION_FAILED', 'quantity must not exceed the units not yet returned', [{ field: 'quantity', reason: 'must not exceed the 1 unit not yet returned' }])
          : returnRecorded('damaged in transit'),
    });
    const table = await screen.findByRole('table', { name: 'My sales' });
    await user.click(within(rowOf(table, 'INV-2025-001')).getByRole('button', { name: /^Return units of the Test Laptop Pro sale/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Return units of a sale' });
    const quantity = within(dialog).getByRole('textbox', { name: /^Units returned/ });
    expect(quantity).toHaveValue('2');

    // Validation first: no reason, no call.
    await user.click(within(dialog).getByRole('button', { name: 'Record return' }));
    expect(await within(dialog).findByText('Say why the units come back')).toBeVisible();
    expect(api.calls('POST /api/fulfillment/sales/{id}/returns')).toHaveLength(0);

    await user.clear(quantity);
    await user.type(quantity, '2');
    await user.type(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'damaged in transit');
    await user.click(within(dialog).getByRole('button', { name: 'Record return' }));
    const error = await within(dialog).findByText('must not exceed the 1 unit not yet returned');
    expect(quantity).toHaveAttribute('aria-invalid', 'true');
    expect(quantity.getAttribute('aria-describedby')).toContain(error.id);
    expect(within(dialog).queryByRole('alert')).toBeNull();
    const [first] = api.calls('POST /api/fulfillment/sales/{id}/returns');
    expect(first.url.pathname).toBe(`/api/fulfillment/sales/${SALES[0].id}/returns`);
    expect(first.body).toEqual({ quantity: 2, reason: 'damaged in transit' });
    expect(first.headers.get('Idempotency-Key')).toBeTruthy();

    await user.clear(quantity);
    await user.type(quantity, '1');
    await user.click(within(dialog).getByRole('button', { name: 'Record return' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Return units of a sale' })).toBeNull());
    expect(api.calls('POST /api/fulfillment/sales/{id}/returns')[1].body).toEqual({ quantity: 1, reason: 'damaged in transit' });
  });

  it('keeps the sale’s text and form in the return dialog while it closes after the return is recorded', async () => {
    const { api, user } = setup({
      'POST /api/fulfillment/sales/{id}/returns': () =>
        returnRecorded('damaged'),
    });
    const table = await screen.findByRole('table', { name: 'My sales' });
    await user.click(within(rowOf(table, 'INV-2025-001')).getByRole('button', { name: /^Return units of the Test Laptop Pro sale/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Return units of a sale' });
    await user.type(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'damaged');
    await user.click(within(dialog).getByRole('button', { name: 'Record return' }));
    await waitFor(() => expect(api.calls('POST /api/fulfillment/sales/{id}/returns')).toHaveLength(1));
    // The modal fades out after the sale is cleared: all the while it still shows what it was about.
    await waitFor(() => expect(screen.getByRole('dialog', { hidden: true })).not.toBeVisible());
    const closing = screen.getByRole('dialog', { hidden: true });
    expect(closing).toHaveAccessibleName('Return units of a sale');
    expect(closing).toHaveTextContent(/Test Laptop Pro, sold/);
    expect(within(closing).getByRole('button', { name: 'Record return', hidden: true })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog', { hidden: true })).toBeNull());
  });

  it('starts the return form from the new sale’s units when it is reopened for another sale while the last one fades', async () => {
    const bigger = { ...SALES[1], quantity: 7, returned_quantity: 0, commission_status: 'pending' };
    mockApi({ 'GET /api/fulfillment/sales/my-sales': () => ({ items: [SALES[0], bigger], total: 2, page: 1, page_size: 20 }) });
    renderApp('/partner/sales', { role: 'partner' });
    const user = userEvent.setup({ pointerEventsCheck: 0 });
    const table = await screen.findByRole('table', { name: 'My sales' });
    await user.click(within(rowOf(table, 'INV-2025-001')).getByRole('button', { name: /^Return units of/ }));
    const first = await screen.findByRole('dialog', { name: 'Return units of a sale' });
    expect(within(first).getByRole('textbox', { name: /^Units returned/ })).toHaveValue('2');
    await user.click(within(first).getByRole('button', { name: 'Cancel' }));
    await user.click(within(rowOf(table, 'INV-2025-002')).getByRole('button', { name: /^Return units of/ }));
    const second = await screen.findByRole('dialog', { name: 'Return units of a sale' });
    expect(second).toHaveTextContent('7 units, 0 returned so far');
    expect(within(second).getByRole('textbox', { name: /^Units returned/ })).toHaveValue('7');
  });

  it('says so when no sale on the page matches the invoice search', async () => {
    const { user } = setup();
    await screen.findByRole('table', { name: 'My sales' });
    const search = screen.getByRole('textbox', { name: 'Find an invoice on this page' });
    await user.type(search, '002');
    const table = screen.getByRole('table', { name: 'My sales' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(within(table).getByText('INV-2025-002')).toBeVisible();

    await user.clear(search);
    await user.type(search, 'INV-1999');
    expect(await screen.findByText('No sale on this page has that invoice')).toBeVisible();
    expect(screen.queryByRole('table', { name: 'My sales' })).toBeNull();
  });
});
