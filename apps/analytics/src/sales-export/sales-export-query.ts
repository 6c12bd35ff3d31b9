import { PARTNER_TIERS, isCalendarDate } from '@spiffworks/contracts';
import type { FieldError, SalesExportPageQuery } from '@spiffworks/contracts';

/** The most sales one page of the file may ask for. */
export const MAX_SALES_EXPORT_PAGE = 5_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: unknown): boolean => typeof value === 'string' && UUID.test(value);

/**
 * What is wrong with a page query. The gateway validates the filters too; this keeps the service
 * safe for any caller, as every value ends up a parameter of the page's SQL.
 */
export function salesExportQueryErrors(query: SalesExportPageQuery): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['from', 'to'] as const) {
    if (query[field] !== undefined && !isCalendarDate(query[field])) errors.push({ field, reason: 'must be a real date written YYYY-MM-DD' });
  }
  if (errors.length === 0 && query.from !== undefined && query.to !== undefined && query.from > query.to) {
    errors.push({ field: 'to', reason: 'must not be before from' });
  }
  for (const field of ['partner_id', 'product_id', 'spiff_id'] as const) {
    if (query[field] !== undefined && !isUuid(query[field])) errors.push({ field, reason: 'must be a UUID' });
  }
  if (query.tier !== undefined && !(PARTNER_TIERS as readonly string[]).includes(query.tier)) {
    errors.push({ field: 'tier', reason: `must be one of ${PARTNER_TIERS.join(', ')}` });
  }
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_SALES_EXPORT_PAGE) {
    errors.push({ field: 'limit', reason: `must be an integer from 1 to ${MAX_SALES_EXPORT_PAGE}` });
  }
  if (query.after !== null && (typeof query.after !== 'object' || !isCalendarDate(query.after.sale_date) || !isUuid(query.after.sale_id))) {
    errors.push({ field: 'after', reason: 'must be null or the cursor of the page before' });
  }
  return errors;
}
