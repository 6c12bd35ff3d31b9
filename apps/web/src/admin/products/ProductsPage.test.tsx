import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, json, mockApi, problem, signInAs } from '../../test/render';
import { ProductCreateForm, ProductsPage } from './ProductsPage';

const LAPTOP = { id: '3b9f1c2e-7a4d-4e8b-9c1f-2d3e4f5a6b7c', name: 'Test Laptop Pro', sku: 'LAPTOP-001', commission_rate: 10, commission_rates: { gold: 12 }, created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-01-01T00:00:00.000Z' };

const field = (name: RegExp) => screen.getByRole('textbox', { name });

describe('the product form', () => {
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it('labels the default rate and a rate per tier, and validates before sending', async () => {
    const api = mockApi({});
    const user = userEvent.setup();
    render(<TestProviders><ProductCreateForm onCreated={vi.fn()} /></TestProviders>);
    for (const label of [/^Name/, /^SKU/, /^Default commission rate/, /^Bronze rate/, /^Silver rate/, /^Gold rate/, /^Platinum rate/]) expect(field(label)).toBeVisible();
    expect(screen.getByRole('group', { name: 'Rate per tier (optional)' })).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Add product' }));
    expect(await screen.findByText('Enter the product’s name')).toBeVisible();
    expect(screen.getByText('1–64 letters, digits, dots, dashes or underscores')).toBeVisible();
    expect(screen.getByText('Enter the default rate')).toBeVisible();

    // A rate is a percent: out of 0–100 it is brought back to the bound when the field is left.
    await user.type(field(/^Gold rate/), '120');
    await user.tab();
    expect(field(/^Gold rate/)).toHaveValue('100 %');
    expect(api.calls()).toHaveLength(0);
  });

  it('sends only the tier rates given, and shows the API field error at the field it names', async () => {
    let calls = 0;
    const api = mockApi({
      'POST /api/products': () =>
        ++calls === 1 ? problem(400, 'VALIDATION_FAILED', 'commission_rates.gold must not have more than 4 decimals', [{ field: 'commission_rates.gold', reason: 'must not have more than 4 decimals' }]) : json(LAPTOP, 201),
    });
    const onCreated = vi.fn();
    const user = userEvent.setup();
    render(<TestProviders><ProductCreateForm onCreated={onCreated} /></TestProviders>);
    await user.type(field(/^Name/), 'Test Laptop Pro');
    await user.type(field(/^SKU/), 'LAPTOP-001');
    await user.type(field(/^Default commission rate/), '10');
    await user.type(field(/^Gold rate/), '12');
    await user.click(screen.getByRole('button', { name: 'Add product' }));

    const error = await screen.findByText('must not have more than 4 decimals');
    expect(error).toBeVisible();
    expect(field(/^Gold rate/)).toHaveAttribute('aria-invalid', 'true');
    expect(field(/^Gold rate/)).toHaveAccessibleDescription('must not have more than 4 decimals');
    expect(field(/^Silver rate/)).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(api.calls('POST /api/products')[0].body).toEqual({ name: 'Test Laptop Pro', sku: 'LAPTOP-001', commission_rate: 10, commission_rates: { gold: 12 } });
    expect(api.calls('POST /api/products')[0].headers.get('Idempotency-Key')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Add product' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(expect.objectContaining({ sku: 'LAPTOP-001' })));
  });

  it('puts a taken SKU at the SKU field', async () => {
    mockApi({ 'POST /api/products': () => problem(409, 'PRODUCT_SKU_TAKEN', 'a product with sku LAPTOP-001 already exists') });
    const user = userEvent.setup();
    render(<TestProviders><ProductCreateForm onCreated={vi.fn()} /></TestProviders>);
    await user.type(field(/^Name/), 'Test Laptop Pro');
    await user.type(field(/^SKU/), 'LAPTOP-001');
    await user.type(field(/^Default commission rate/), '10');
    await user.click(screen.getByRole('button', { name: 'Add product' }));
    expect(await screen.findByText('a product with sku LAPTOP-001 already exists')).toBeVisible();
    expect(field(/^SKU/)).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('the products page', () => {
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it('lists each tier’s own rate, or the default for tiers without one', async () => {
    mockApi({ 'GET /api/products': () => ({ items: [LAPTOP], total: 1, page: 1, page_size: 25 }) });
    render(<TestProviders><ProductsPage /></TestProviders>);
    const table = await screen.findByRole('table', { name: 'Products' });
    const headers = within(table).getAllByRole('columnheader').map((th) => th.textContent);
    const cells = within(within(table).getAllByRole('row')[1]).getAllByRole('cell').map((td) => td.textContent);
    expect(cells[headers.indexOf('Gold')]).toBe('12 %');
    expect(cells[headers.indexOf('Silver')]).toBe('10 %');
    expect(within(table).getAllByTitle('The default rate')).toHaveLength(3);
  });
});
