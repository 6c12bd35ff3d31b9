import { ErrorCode, SALE_IMPORT_APPEND_ROWS, SALE_IMPORT_MAX_ROWS } from '@spiffworks/contracts';
import type { LogSaleCommand } from '@spiffworks/contracts';
import { ServiceFailure, toServiceError } from '@spiffworks/messaging';
import { arrivingRows, errorRecords, rejectionOf } from './import-rows';

const sale: LogSaleCommand = {
  partner_id: '00000000-0000-4000-8000-000000000001', product_id: '00000000-0000-4000-8000-000000000002', quantity: 2, unit_price: 1000,
  sale_date: '2025-01-15', invoice_number: 'INV-1',
};
const cells = ['p', 'x', '2', '1000', '2025-01-15', 'INV-1'];

function refusal(work: () => unknown): ReturnType<typeof toServiceError> {
  try {
    work();
  } catch (error) {
    return toServiceError(error);
  }
  throw new Error('expected a refusal');
}

describe('arrivingRows', () => {
  it('keeps a row with a sale to be weighed, and stores a row with shape errors rejected with its first error', () => {
    expect(arrivingRows([
      { row: 2, cells, sale },
      { row: 3, cells: ['', 'x'], errors: [{ field: 'partner_id', reason: 'is required' }, { field: 'quantity', reason: 'must be an integer' }] },
    ])).toEqual([
      { row: 2, cells, sale, outcome: null, field: null, reason: null },
      { row: 3, cells: ['', 'x'], sale: null, outcome: 'rejected', field: 'partner_id', reason: 'is required' },
    ]);
  });

  it('refuses a malformed append whole, naming the first bad row and what is wrong with it', () => {
    const cases: Array<[unknown, string]> = [
      ['rows', 'rows'],
      [[{ row: 1, cells, sale }], 'rows[0].row'],
      [[{ row: 2, cells, sale }, { row: 2.5, cells, sale }], 'rows[1].row'],
      [[{ row: 2, cells: [1, 2], sale }], 'rows[0].cells'],
      [[{ row: 2, cells }], 'rows[0].sale'],
      [[{ row: 2, cells, sale, errors: [{ field: 'quantity', reason: 'bad' }] }], 'rows[0].sale'],
      [[{ row: 2, cells, errors: [] }], 'rows[0].errors'],
      [[null], 'rows[0].row'],
    ];
    for (const [rows, field] of cases) {
      expect(refusal(() => arrivingRows(rows))).toMatchObject({ status: 400, code: ErrorCode.VALIDATION_FAILED, errors: [{ field }] });
    }
  });

  it(`takes at most ${SALE_IMPORT_APPEND_ROWS} rows per append, and no row past the file's limit of ${SALE_IMPORT_MAX_ROWS}`, () => {
    const many = Array.from({ length: SALE_IMPORT_APPEND_ROWS + 1 }, (_, i) => ({ row: i + 2, cells, sale }));
    expect(refusal(() => arrivingRows(many))).toMatchObject({ code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'rows' }] });
    expect(arrivingRows([{ row: SALE_IMPORT_MAX_ROWS + 1, cells, sale }])).toHaveLength(1);
    expect(refusal(() => arrivingRows([{ row: SALE_IMPORT_MAX_ROWS + 2, cells, sale }]))).toMatchObject({
      status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, message: `a file holds at most ${SALE_IMPORT_MAX_ROWS} data rows; row ${SALE_IMPORT_MAX_ROWS + 2} is past them`,
    });
  });
});

describe('rejectionOf', () => {
  it('gives the refusal message as the reason, and the field its first field error names', () => {
    expect(rejectionOf(ServiceFailure.invalid([{ field: 'sale_date', reason: 'must not be in the future' }]))).toEqual({
      field: 'sale_date', reason: 'sale_date must not be in the future',
    });
  });

  it('names the column a refusal without field errors is about, and none where it is about no one column', () => {
    expect(rejectionOf(new ServiceFailure(ErrorCode.NOT_YOUR_PARTNER, 'a partner logs sales for itself only'))).toEqual({
      field: 'partner_id', reason: 'a partner logs sales for itself only',
    });
    expect(rejectionOf(new ServiceFailure(ErrorCode.INVOICE_ALREADY_USED, 'used'))).toEqual({ field: 'invoice_number', reason: 'used' });
    expect(rejectionOf(new ServiceFailure(ErrorCode.SALE_NOT_COVERED, 'not covered'))).toEqual({ field: null, reason: 'not covered' });
  });
});

describe('errorRecords', () => {
  it('writes row, field and reason, then the cells as they were, quoted and with formulas neutralized', () => {
    expect(errorRecords([
      { row: 3, field: 'quantity', reason: 'must be an integer', cells: ['=HYPERLINK("http://x")', '1,5', '-2'] },
      { row: 9, field: null, reason: 'not covered; sorry', cells: [] },
    ])).toBe('3,quantity,must be an integer,"\'=HYPERLINK(""http://x"")","1,5",-2\n9,,"not covered; sorry"\n');
    expect(errorRecords([])).toBe('');
  });
});
