import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { calculateSaleCommission } from '@spiffworks/commission-rules';
import { mockApi, problem, renderApp } from '../test/render';
import { describeLine, saleTraceParts } from './commission-text';
import { LAPTOP_ID, seedOpportunity, seedSale } from './fixtures';
import { previewSale } from './sale-preview';

const opportunities = () => ({ opportunities: [seedOpportunity] });

async function openForm() {
  const user = userEvent.setup();
  renderApp(`/partner/sales/new?product_id=${LAPTOP_ID}`, { role: 'partner' });
  const form = await screen.findByRole('form', { name: 'Log a sale' });
  return { user, form };
}

async function fillSeedSale(user: ReturnType<typeof userEvent.setup>) {
  const quantity = screen.getByLabelText(/^quantity/i);
  await user.clear(quantity);
  await user.type(quantity, '2');
  await user.type(screen.getByLabelText(/^unit price/i), '1000');
  const date = screen.getByLabelText(/^sale date/i);
  await user.clear(date);
  await user.type(date, '2025-01-15');
  await user.type(screen.getByLabelText(/^invoice number/i), 'INV-2025-001');
}

describe('log a sale', () => {
  it('labels every field and shows the validation messages before calling the API', async () => {
    const api = mockApi({ 'GET /api/fulfillment/assignments/my-opportunities': opportunities });
    const { user } = await openForm();
    for (const label of [/^product/i, /^quantity/i, /^unit price/i, /^sale date/i, /^invoice number/i]) expect(screen.getAllByLabelText(label)[0]).toBeVisible();
    expect(screen.getAllByLabelText(/^product/i)[0]).toHaveValue('Test Laptop Pro (LAPTOP-001) — 12 %');

    await user.clear(screen.getByLabelText(/^quantity/i));
    await user.clear(screen.getByLabelText(/^sale date/i));
    await user.click(screen.getByRole('button', { name: 'Log sale' }));
    expect(await screen.findByText('Enter a quantity')).toBeVisible();
    expect(screen.getByText('Enter the unit price')).toBeVisible();
    expect(screen.getByText('Enter the sale date')).toBeVisible();

    await user.type(screen.getByLabelText(/^unit price/i), '12.345');
    await user.type(screen.getByLabelText(/^sale date/i), '2999-01-01');
    await user.click(screen.getByRole('button', { name: 'Log sale' }));
    expect(await screen.findByText('Enter a price like 1000 or 999.99 (at most 2 decimals)')).toBeVisible();
    expect(screen.getByText('The sale date cannot be in the future')).toBeVisible();
    expect(api.calls('POST /api/fulfillment/sales')).toHaveLength(0);
  });

  it("previews the seed's 240 + 200 = 440 live, with the trace, then shows the booked numbers", async () => {
    const api = mockApi({
      'GET /api/fulfillment/assignments/my-opportunities': opportunities,
      'POST /api/fulfillment/sales': () => new Response(JSON.stringify(seedSale), { status: 201, headers: { 'content-type': 'application/json' } }),
    });
    const { user } = await openForm();
    await fillSeedSale(user);
    const preview = screen.getByRole('region', { name: 'Commission preview' });
    await waitFor(() => expect(within(preview).getByTestId('amount-total')).toHaveTextContent('$440.00'));
    expect(within(preview).getByTestId('amount-base-commission')).toHaveTextContent('$240.00');
    expect(within(preview).getByTestId('amount-spiff-bonus')).toHaveTextContent('$200.00');
    expect(within(preview).getByTestId('preview-trace')).toHaveTextContent('12 % of 2,000.00 = 240.00; Q4 Laptop Promotion: 100.00 × 2 = 200.00');

    // Outside the spiff's period: base only, and the preview says why.
    const date = screen.getByLabelText(/^sale date/i);
    await user.clear(date);
    await user.type(date, '2025-04-01');
    await waitFor(() => expect(within(preview).getByTestId('amount-total')).toHaveTextContent('$240.00'));
    expect(within(preview).getByText(/outside 2025-01-01\.\.2025-03-31/)).toBeVisible();
    await user.clear(date);
    await user.type(date, '2025-01-15');

    await user.click(screen.getByRole('button', { name: 'Log sale' }));
    const booked = await screen.findByRole('table', { name: 'Booked commission' });
    expect(within(booked).getByTestId('booked-base')).toHaveTextContent('$240.00');
    expect(within(booked).getByTestId('booked-bonus')).toHaveTextContent('$200.00');
    expect(within(booked).getByTestId('booked-total')).toHaveTextContent('$440.00');
    const [call] = api.calls('POST /api/fulfillment/sales');
    expect(call.body).toEqual({ partner_id: seedSale.partner_id, product_id: LAPTOP_ID, quantity: 2, unit_price: 1000, sale_date: '2025-01-15', invoice_number: 'INV-2025-001' });
    expect(call.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("shows the API's field errors at the field they name", async () => {
    mockApi({
      'GET /api/fulfillment/assignments/my-opportunities': opportunities,
      'POST /api/fulfillment/sales': () =>
        problem(400, 'VALIDATION_FAILED', 'unit_price must be at most 1000000', [{ field: 'unit_price', reason: 'must be at most 1000000' }]),
    });
    const { user } = await openForm();
    await fillSeedSale(user);
    await user.click(screen.getByRole('button', { name: 'Log sale' }));
    const price = screen.getByLabelText(/^unit price/i);
    await waitFor(() => expect(price).toHaveAccessibleDescription(expect.stringContaining('must be at most 1000000')));
    expect(price).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows a duplicate invoice (409, no field list) at the invoice field', async () => {
    mockApi({
      'GET /api/fulfillment/assignments/my-opportunities': opportunities,
      'POST /api/fulfillment/sales': () => problem(409, 'INVOICE_ALREADY_USED', 'invoice INV-2025-001 was already used for a sale'),
    });
    const { user } = await openForm();
    await fillSeedSale(user);
    await user.click(screen.getByRole('button', { name: 'Log sale' }));
    const invoice = screen.getByLabelText(/^invoice number/i);
    await waitFor(() => expect(invoice).toHaveAccessibleDescription(expect.stringContaining('invoice INV-2025-001 was already used for a sale')));
  });
});

describe('the preview is the server rule itself', () => {
  it('answers what calculateSaleCommission answers for the same facts, and says it in plain words', () => {
    const result = previewSale({ product_id: LAPTOP_ID, quantity: 2, unit_price: '1000', sale_date: '2025-01-15' }, [seedOpportunity])!;
    expect([result.base.toFixed(2), result.bonus.toFixed(2), result.total.toFixed(2)]).toEqual(['240.00', '200.00', '440.00']);
    expect(typeof calculateSaleCommission).toBe('function');
    expect(saleTraceParts(result.trace, result.base.toFixed(2), 'en-US')).toEqual(['12 % of 2,000.00 = 240.00', 'Q4 Laptop Promotion: 100.00 × 2 = 200.00']);
    expect(previewSale({ product_id: LAPTOP_ID, quantity: '', unit_price: '1000', sale_date: '2025-01-15' }, [seedOpportunity])).toBeNull();
  });

  it('words a ledger line from its stored trace', () => {
    const line = {
      kind: 'sale' as const,
      commission_amount: 240,
      total_commission: 440,
      trace: {
        tier: 'gold', commission_rate: '12', revenue: '2000.00', quantity: 2, base_exact: '240',
        spiffs: [{ spiff_id: 's', name: 'Q4 Laptop Promotion', applied: true, reason: 'applies', incentive_type: 'fixed', incentive_amount: '100', bonus_exact: '200', bonus: '200.00' }],
        rounding: 'half-up',
      },
    };
    expect(describeLine(line, 'en-US')).toBe('12 % of 2,000.00 = 240.00; Q4 Laptop Promotion: 100.00 × 2 = 200.00');
  });
});
