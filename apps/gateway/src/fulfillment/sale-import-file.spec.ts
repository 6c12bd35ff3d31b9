import { HttpException } from '@nestjs/common';
import { ErrorCode, SALE_IMPORT_COLUMNS } from '@spiffworks/contracts';
import type { ServiceError } from '@spiffworks/contracts';
import { MAX_HEADER_COLUMNS, columnsOf, isBlankRow, parseDecimalNumber, parseWholeNumber, saleImportRow } from './sale-import-file';

const PARTNER = '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70';
const PRODUCT = 'c9a1e2b3-4d5f-4a6b-8c7d-9e0f1a2b3c4d';
const HEADER = [...SALE_IMPORT_COLUMNS];
const columns = columnsOf(HEADER);

/** The problem a call throws. */
function refusal(call: () => unknown): ServiceError {
  try {
    call();
  } catch (error) {
    if (error instanceof HttpException) return error.getResponse() as ServiceError;
    throw error;
  }
  throw new Error('expected a refusal');
}

const cellsOf = (sale: Record<string, string>): string[] => HEADER.map((column) => sale[column] ?? '');
const good = { partner_id: PARTNER, product_id: PRODUCT, quantity: '2', unit_price: '1000.50', sale_date: '2025-01-15', invoice_number: 'INV-1' };

describe('columnsOf: the header row', () => {
  it('finds every required column in any order, case-insensitively after trimming, ignoring others', () => {
    const header = ['Store', ' INVOICE_NUMBER ', 'sale_date', 'Unit_Price', 'quantity', 'notes', 'product_id', 'Partner_ID'];
    expect(columnsOf(header)).toEqual({ invoice_number: 1, sale_date: 2, unit_price: 3, quantity: 4, product_id: 6, partner_id: 7 });
  });

  it('refuses a header that misses columns, naming each', () => {
    const problem = refusal(() => columnsOf(['partner_id', 'product_id', 'quantity', 'unit_price']));
    expect(problem).toMatchObject({ code: ErrorCode.IMPORT_FILE_INVALID, status: 400 });
    expect(problem.message).toContain('missing: sale_date, invoice_number');
    expect(problem.errors).toEqual([
      { field: 'sale_date', reason: 'is missing from the header row' },
      { field: 'invoice_number', reason: 'is missing from the header row' },
    ]);
  });

  it('refuses a file without a header (its first row is data): every column is missing', () => {
    const problem = refusal(() => columnsOf(cellsOf(good)));
    expect(problem.errors?.map((e) => e.field)).toEqual(HEADER);
  });

  it('says when the file is separated by semicolons rather than commas', () => {
    expect(refusal(() => columnsOf([HEADER.join(';')])).message).toMatch(/separated by semicolons; the file must be comma-separated/);
  });

  it('refuses a header of more columns than an import keeps', () => {
    const wide = [...HEADER, ...Array.from({ length: MAX_HEADER_COLUMNS - HEADER.length + 1 }, (_, i) => `extra_${i}`)];
    expect(refusal(() => columnsOf(wide))).toMatchObject({ code: ErrorCode.IMPORT_FILE_INVALID, message: expect.stringContaining(`at most ${MAX_HEADER_COLUMNS}`) });
    expect(columnsOf(wide.slice(0, -1))).toMatchObject({ partner_id: 0 });
  });

  it('refuses a column named twice', () => {
    const problem = refusal(() => columnsOf([...HEADER, 'Quantity']));
    expect(problem).toMatchObject({ code: ErrorCode.IMPORT_FILE_INVALID, errors: [{ field: 'quantity', reason: 'is named more than once in the header row' }] });
  });
});

describe('strict numbers from text', () => {
  it.each([['2', 2], ['0', 0], ['-1', -1], ['007', 7]])('whole number %s → %s', (text, value) => {
    expect(parseWholeNumber(text)).toBe(value);
  });

  it.each(['2.5', '1e3', '', ' ', '+2', '2,000', '0x10', 'two', '2.', 'Infinity', 'NaN'])('not a whole number: %j', (text) => {
    expect(parseWholeNumber(text)).toBeUndefined();
  });

  it.each([['1000.50', 1000.5], ['1000', 1000], ['0.01', 0.01], ['-5', -5]])('decimal %s → %s', (text, value) => {
    expect(parseDecimalNumber(text)).toBe(value);
  });

  it.each(['1e3', '1E3', '', '1,000.50', '.5', '5.', '$5', '1 000', 'Infinity', '0x1'])('not a decimal: %j', (text) => {
    expect(parseDecimalNumber(text)).toBeUndefined();
  });
});

describe('saleImportRow: a data row as the sale it says', () => {
  it('maps the cells by the header into the command POST /api/fulfillment/sales takes, cells trimmed and kept as they were', () => {
    const header = ['notes', 'invoice_number', 'sale_date', 'unit_price', 'quantity', 'product_id', 'partner_id'];
    const cells = ['kept', ' INV-7 ', '2025-01-15', '1000.50', '2', PRODUCT, ` ${PARTNER}`];
    expect(saleImportRow(5, cells, columnsOf(header))).toEqual({
      row: 5,
      cells,
      sale: { partner_id: PARTNER, product_id: PRODUCT, quantity: 2, unit_price: 1000.5, sale_date: '2025-01-15', invoice_number: 'INV-7' },
    });
  });

  it('refuses numbers not written strictly, with the field and reason', () => {
    for (const [quantity, unit_price] of [['2.5', '1e3'], ['1e3', '10,5']]) {
      const row = saleImportRow(2, cellsOf({ ...good, quantity, unit_price }), columns);
      expect(row.sale).toBeUndefined();
      expect(row.errors).toEqual([
        { field: 'quantity', reason: 'must be a whole number written with digits, such as 2' },
        { field: 'unit_price', reason: 'must be a number written with digits and an optional decimal point, such as 1000.50' },
      ]);
    }
  });

  it('applies the rules of LogSaleDto, worded as the API words them', () => {
    const row = saleImportRow(3, cellsOf({ ...good, partner_id: 'not-a-uuid', quantity: '0', unit_price: '10.555', sale_date: '2025-02-30' }), columns);
    expect(row.errors).toEqual([
      { field: 'partner_id', reason: 'must be a UUID' },
      { field: 'quantity', reason: 'must not be less than 1' },
      { field: 'unit_price', reason: 'must be a number with at most 2 decimal places' },
      { field: 'sale_date', reason: 'must be a real date written YYYY-MM-DD' },
    ]);
    expect(saleImportRow(3, cellsOf({ ...good, quantity: '100001', unit_price: '-1' }), columns).errors).toEqual([
      { field: 'quantity', reason: 'must not be greater than 100000' },
      { field: 'unit_price', reason: 'must be a positive number' },
    ]);
    expect(saleImportRow(3, cellsOf({ ...good, invoice_number: 'x'.repeat(65) }), columns).errors).toEqual([
      { field: 'invoice_number', reason: 'must be shorter than or equal to 64 characters' },
    ]);
  });

  it('requires every cell, invoice_number included (it is optional only through the API)', () => {
    const row = saleImportRow(4, cellsOf({ ...good, invoice_number: '  ', quantity: '' }), columns);
    expect(row.errors).toEqual([{ field: 'quantity', reason: 'is required' }, { field: 'invoice_number', reason: 'is required' }]);
    // A short row: the cells past its end are empty.
    expect(saleImportRow(4, [PARTNER, PRODUCT], columns).errors?.map((e) => e.field)).toEqual(['quantity', 'unit_price', 'sale_date', 'invoice_number']);
  });

  it('knows a blank row (every cell empty, as a spreadsheet writes one)', () => {
    expect(isBlankRow(['', ' ', ''])).toBe(true);
    expect(isBlankRow([''])).toBe(true);
    expect(isBlankRow(['', 'x'])).toBe(false);
  });
});
