import { ErrorCode, IMPORT_APPEND_ROWS, IMPORT_MAX_ROWS } from '@spiffworks/contracts';
import { ServiceFailure, toServiceError } from '@spiffworks/messaging';
import { arrivingRows, errorRecords, rejectionOf } from './import-rows';

/** What a row of a sell-through file says (any kind's payload is an object like it). */
const sale = {
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
  it("keeps a row with its kind's payload to be weighed, and stores a row with shape errors rejected with its first error", () => {
    expect(arrivingRows([
      { row: 2, cells, sale },
      { row: 3, cells: ['', 'x'], errors: [{ field: 'partner_id', reason: 'is required' }, { field: 'quantity', reason: 'must be an integer' }] },
    ], 'sale')).toEqual([
      { row: 2, cells, payload: sale, outcome: null, field: null, reason: null },
      { row: 3, cells: ['', 'x'], payload: null, outcome: 'rejected', field: 'partner_id', reason: 'is required' },
    ]);
  });

  it('reads the payload from the field its kind names: a partner file row carries `partner`', () => {
    const partner = { name: 'Acme', tier: 'gold', contact_email: 'a@acme.example', status: 'approved' };
    expect(arrivingRows([{ row: 2, cells: ['Acme'], partner }], 'partner')).toEqual([{ row: 2, cells: ['Acme'], payload: partner, outcome: null, field: null, reason: null }]);
    expect(refusal(() => arrivingRows([{ row: 2, cells, sale }], 'partner'))).toMatchObject({ errors: [{ field: 'rows[0].partner', reason: 'a row carries either a partner or its errors' }] });
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
      expect(refusal(() => arrivingRows(rows, 'sale'))).toMatchObject({ status: 400, code: ErrorCode.VALIDATION_FAILED, errors: [{ field }] });
    }
  });

  it(`takes at most ${IMPORT_APPEND_ROWS} rows per append, and no row past the file's limit of ${IMPORT_MAX_ROWS}`, () => {
    const many = Array.from({ length: IMPORT_APPEND_ROWS + 1 }, (_, i) => ({ row: i + 2, cells, sale }));
    expect(refusal(() => arrivingRows(many, 'sale'))).toMatchObject({ code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'rows' }] });
    expect(arrivingRows([{ row: IMPORT_MAX_ROWS + 1, cells, sale }], 'sale')).toHaveLength(1);
    expect(refusal(() => arrivingRows([{ row: IMPORT_MAX_ROWS + 2, cells, sale }], 'sale'))).toMatchObject({
      status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, message: `a file holds at most ${IMPORT_MAX_ROWS} data rows; row ${IMPORT_MAX_ROWS + 2} is past them`,
    });
  });
});

describe('rejectionOf', () => {
  it('gives the refusal message as the reason, and the field its first field error names', () => {
    expect(rejectionOf(ServiceFailure.invalid([{ field: 'sale_date', reason: 'must not be in the future' }]))).toEqual({
      field: 'sale_date', reason: 'sale_date must not be in the future',
    });
  });

  it("names the column its kind says a code is about, and none for a code it names no column of", () => {
    const fieldOfCode = { [ErrorCode.PARTNER_EMAIL_TAKEN]: 'contact_email' };
    expect(rejectionOf(new ServiceFailure(ErrorCode.PARTNER_EMAIL_TAKEN, 'taken'), fieldOfCode)).toEqual({ field: 'contact_email', reason: 'taken' });
    expect(rejectionOf(new ServiceFailure(ErrorCode.SALE_NOT_COVERED, 'not covered'), fieldOfCode)).toEqual({ field: null, reason: 'not covered' });
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
