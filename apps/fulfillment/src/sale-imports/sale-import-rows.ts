import { ErrorCode } from '@spiffworks/contracts';
import type { ServiceFailure } from '@spiffworks/messaging';
import { rejectionOf } from '@spiffworks/imports';

/**
 * The field a refusal without field errors is about: errors.csv points at a column wherever the
 * refusal names one.
 */
const FIELD_OF_CODE: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.NOT_YOUR_PARTNER]: 'partner_id',
  [ErrorCode.PARTNER_ACCOUNT_INACTIVE]: 'partner_id',
  [ErrorCode.INVOICE_ALREADY_USED]: 'invoice_number',
};

/** Why a row was rejected, from the refusal the sale rule answered: its message, and the field it names. */
export function saleRejectionOf(failure: ServiceFailure): { field: string | null; reason: string } {
  return rejectionOf(failure, FIELD_OF_CODE);
}
