import { describe, expect, it } from 'vitest';
import { ProblemError, applyProblemToForm, unwrap } from './problem';

function fakeForm(values: object) {
  const errors: Record<string, unknown> = {};
  return { errors, getValues: () => values, setFieldError: (path: string, error: unknown) => void (errors[path] = error) };
}

describe('problem details → form errors', () => {
  it("puts each field error's reason at the field it names, dotted paths included", () => {
    const form = fakeForm({ quantity: 1, commission_rates: { gold: 12 } });
    const problem = new ProblemError(400, 'VALIDATION_FAILED', 'quantity must not be less than 1', [
      { field: 'quantity', reason: 'must not be less than 1' },
      { field: 'commission_rates.gold', reason: 'must not be greater than 100' },
    ]);
    expect(applyProblemToForm(form, problem)).toBeNull();
    expect(form.errors).toEqual({ quantity: 'must not be less than 1', 'commission_rates.gold': 'must not be greater than 100' });
  });

  it('answers what belongs to no field for an alert, and maps codes and renamed fields', () => {
    const form = fakeForm({ price: '', invoice_number: '' });
    const mixed = new ProblemError(400, 'VALIDATION_FAILED', 'x', [
      { field: 'unit_price', reason: 'must be positive' },
      { field: 'notes', reason: 'is too long' },
    ]);
    expect(applyProblemToForm(form, mixed, { fields: { unit_price: 'price' } })).toBe('notes is too long');
    expect(form.errors).toEqual({ price: 'must be positive' });

    const clash = new ProblemError(409, 'INVOICE_ALREADY_USED', 'invoice INV-1 was already used for a sale');
    expect(applyProblemToForm(form, clash, { codes: { INVOICE_ALREADY_USED: 'invoice_number' } })).toBeNull();
    expect(form.errors.invoice_number).toBe('invoice INV-1 was already used for a sale');

    expect(applyProblemToForm(form, new ProblemError(503, 'SERVICE_UNAVAILABLE', 'fulfillment did not answer'))).toBe('fulfillment did not answer');
  });

  it('turns an openapi-fetch answer into data or a ProblemError with the code', async () => {
    const ok = { data: { id: 1 }, response: new Response('{}', { status: 200 }) };
    await expect(unwrap(Promise.resolve(ok))).resolves.toEqual({ id: 1 });
    const body = { type: 'urn:x', title: 'Not found', status: 404, detail: 'sale 1 not found', code: 'SALE_NOT_FOUND', errors: [] };
    await expect(unwrap(Promise.resolve({ error: body, response: new Response('', { status: 404 }) }))).rejects.toMatchObject({ status: 404, code: 'SALE_NOT_FOUND', message: 'sale 1 not found' });
    await expect(unwrap(Promise.reject(new TypeError('fetch failed')))).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});
