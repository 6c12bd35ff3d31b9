import { ErrorCode } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { saleRejectionOf } from './sale-import-rows';

describe('saleRejectionOf', () => {
  it('gives the refusal message as the reason, and the field its first field error names', () => {
    expect(saleRejectionOf(ServiceFailure.invalid([{ field: 'sale_date', reason: 'must not be in the future' }]))).toEqual({
      field: 'sale_date', reason: 'sale_date must not be in the future',
    });
  });

  it('names the column a refusal without field errors is about, and none where it is about no one column', () => {
    expect(saleRejectionOf(new ServiceFailure(ErrorCode.NOT_YOUR_PARTNER, 'a partner logs sales for itself only'))).toEqual({
      field: 'partner_id', reason: 'a partner logs sales for itself only',
    });
    expect(saleRejectionOf(new ServiceFailure(ErrorCode.INVOICE_ALREADY_USED, 'used'))).toEqual({ field: 'invoice_number', reason: 'used' });
    expect(saleRejectionOf(new ServiceFailure(ErrorCode.SALE_NOT_COVERED, 'not covered'))).toEqual({ field: null, reason: 'not covered' });
  });
});
