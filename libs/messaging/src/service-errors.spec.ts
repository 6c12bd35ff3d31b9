import { QueryFailedError } from 'typeorm';
import { ErrorCode } from '@spiffworks/contracts';
import { ServiceFailure, toServiceError } from './service-errors';

/** What pg rejects with: the fields PostgreSQL sent. */
function pgError(fields: Record<string, string>): Error {
  return Object.assign(new Error(fields.message), { name: 'error', severity: 'ERROR', ...fields });
}

const NUMERIC_OVERFLOW = {
  code: '22003', message: 'numeric field overflow', routine: 'apply_typmod',
  detail: 'A field with precision 18, scale 2 must round to an absolute value less than 10^16.',
};

describe('toServiceError', () => {
  it('answers numeric field overflow with 422 AMOUNT_OUT_OF_RANGE naming the field and the limit, under TypeORM or straight from pg', () => {
    const expected = {
      code: ErrorCode.AMOUNT_OUT_OF_RANGE, status: 422, message: 'amount must be less than 10^16 (a numeric(18,2) value)',
      errors: [{ field: 'amount', reason: 'must be less than 10^16 (a numeric(18,2) value)' }],
    };
    const driverError = pgError(NUMERIC_OVERFLOW);
    expect(toServiceError(new QueryFailedError('INSERT INTO ledger_lines ...', [], driverError))).toEqual(expected);
    expect(toServiceError(driverError)).toEqual(expected);
  });

  it('names the column when PostgreSQL gives it', () => {
    expect(toServiceError(pgError({ ...NUMERIC_OVERFLOW, column: 'actual_revenue' }))).toMatchObject({
      code: ErrorCode.AMOUNT_OUT_OF_RANGE, status: 422, errors: [{ field: 'actual_revenue', reason: 'must be less than 10^16 (a numeric(18,2) value)' }],
    });
  });

  it('answers an integer out of range (no detail) with 422 naming the field and what PostgreSQL said', () => {
    expect(toServiceError(pgError({ code: '22003', message: 'integer out of range', routine: 'numeric_int4_opt_error' }))).toEqual({
      code: ErrorCode.AMOUNT_OUT_OF_RANGE, status: 422, message: 'amount is larger than the platform can hold (integer out of range)',
      errors: [{ field: 'amount', reason: 'is larger than the platform can hold (integer out of range)' }],
    });
  });

  it('keeps a service failure as it is, and maps the other driver errors it knows', () => {
    const failure = new ServiceFailure(ErrorCode.SALE_NOT_COVERED, 'not covered');
    expect(toServiceError(failure)).toBe(failure.serviceError);
    expect(toServiceError(new QueryFailedError('', [], pgError({ code: '23505', message: 'duplicate key' })))).toMatchObject({ code: ErrorCode.DUPLICATE_RECORD, status: 409 });
    expect(toServiceError(pgError({ code: '22P02', message: 'invalid input syntax' }))).toMatchObject({ code: ErrorCode.VALIDATION_FAILED, status: 400 });
    expect(toServiceError(new Error('boom'))).toEqual({ code: ErrorCode.INTERNAL_ERROR, status: 500, message: 'internal error' });
    expect(toServiceError(undefined)).toMatchObject({ code: ErrorCode.INTERNAL_ERROR });
  });
});
