/**
 * Every error the platform answers carries one of these codes. Clients branch on the code, never on
 * the message's prose; a code keeps its meaning and its HTTP status for as long as the API lives.
 */
export enum ErrorCode {
  // 400: the request itself is wrong
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  MALFORMED_BODY = 'MALFORMED_BODY',
  /** An imported file (sell-through, partners) without a header row naming every required column, or not CSV at all. */
  IMPORT_FILE_INVALID = 'IMPORT_FILE_INVALID',
  /** Any other 4xx the HTTP layer answers (e.g. 405); its status is the one the response carries. */
  REQUEST_REFUSED = 'REQUEST_REFUSED',
  // 401 / 403: who is asking
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_YOUR_PARTNER = 'NOT_YOUR_PARTNER',
  PARTNER_USER_REQUIRED = 'PARTNER_USER_REQUIRED',
  PARTNER_ACCOUNT_INACTIVE = 'PARTNER_ACCOUNT_INACTIVE',
  // 404
  ROUTE_NOT_FOUND = 'ROUTE_NOT_FOUND',
  PARTNER_NOT_FOUND = 'PARTNER_NOT_FOUND',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  PRODUCT_NOT_FOUND = 'PRODUCT_NOT_FOUND',
  SPIFF_NOT_FOUND = 'SPIFF_NOT_FOUND',
  SALE_NOT_FOUND = 'SALE_NOT_FOUND',
  COMMISSION_NOT_FOUND = 'COMMISSION_NOT_FOUND',
  DEAD_LETTER_NOT_FOUND = 'DEAD_LETTER_NOT_FOUND',
  DISPUTE_NOT_FOUND = 'DISPUTE_NOT_FOUND',
  SALE_IMPORT_NOT_FOUND = 'SALE_IMPORT_NOT_FOUND',
  /** No such attachment on that sale (or the sale is another partner's). */
  ATTACHMENT_NOT_FOUND = 'ATTACHMENT_NOT_FOUND',
  PARTNER_IMPORT_NOT_FOUND = 'PARTNER_IMPORT_NOT_FOUND',
  /** An invite token that names no invite waiting to be accepted: unknown, already used, or expired. */
  INVITE_NOT_FOUND = 'INVITE_NOT_FOUND',
  // 409: the request clashes with what exists
  PARTNER_EMAIL_TAKEN = 'PARTNER_EMAIL_TAKEN',
  USER_EMAIL_TAKEN = 'USER_EMAIL_TAKEN',
  PRODUCT_SKU_TAKEN = 'PRODUCT_SKU_TAKEN',
  ASSIGNMENT_EXISTS = 'ASSIGNMENT_EXISTS',
  INVOICE_ALREADY_USED = 'INVOICE_ALREADY_USED',
  SPIFF_CANCELLED = 'SPIFF_CANCELLED',
  BUDGET_BELOW_COMMITTED = 'BUDGET_BELOW_COMMITTED',
  COMMISSION_STATUS_CONFLICT = 'COMMISSION_STATUS_CONFLICT',
  /** A line that has an open dispute already: one open dispute per line at a time. */
  DISPUTE_ALREADY_OPEN = 'DISPUTE_ALREADY_OPEN',
  /** A dispute resolved already: a resolution is final. */
  DISPUTE_ALREADY_RESOLVED = 'DISPUTE_ALREADY_RESOLVED',
  IDEMPOTENCY_KEY_IN_USE = 'IDEMPOTENCY_KEY_IN_USE',
  DUPLICATE_RECORD = 'DUPLICATE_RECORD',
  /** Rows sent to an import that is no longer receiving them (closed, failed). */
  SALE_IMPORT_NOT_RECEIVING = 'SALE_IMPORT_NOT_RECEIVING',
  PARTNER_IMPORT_NOT_RECEIVING = 'PARTNER_IMPORT_NOT_RECEIVING',
  /** A new invite for a user that already chose its password (accepted an invite, or never needed one), or that an admin deactivated. */
  USER_NOT_INVITABLE = 'USER_NOT_INVITABLE',
  // 410
  /** An import's invite links are shown only for a while after it finished; past that they are gone for good. */
  INVITE_LINKS_WITHDRAWN = 'INVITE_LINKS_WITHDRAWN',
  /** A finished import's rows (errors.csv, invites.csv) are kept `IMPORT_ROWS_RETENTION_DAYS`; then only its status and counts remain. */
  IMPORT_ROWS_PURGED = 'IMPORT_ROWS_PURGED',
  // 413 / 415
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  /** A proof of sale over 10 MB: nothing is stored. */
  ATTACHMENT_TOO_LARGE = 'ATTACHMENT_TOO_LARGE',
  /** A proof of sale whose bytes are not a PDF, PNG or JPEG (whatever its name or header says): nothing is stored. */
  ATTACHMENT_TYPE_REFUSED = 'ATTACHMENT_TYPE_REFUSED',
  // 422: well formed, but the business rules refuse it
  SALE_NOT_COVERED = 'SALE_NOT_COVERED',
  RETURN_EXCEEDS_SOLD = 'RETURN_EXCEEDS_SOLD',
  PARTNER_NOT_APPROVED = 'PARTNER_NOT_APPROVED',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  AMOUNT_OUT_OF_RANGE = 'AMOUNT_OUT_OF_RANGE',
  // 429
  TOO_MANY_LOGIN_ATTEMPTS = 'TOO_MANY_LOGIN_ATTEMPTS',
  // 5xx: nothing the client did
  INTERNAL_ERROR = 'INTERNAL_ERROR',
  UPSTREAM_FAILED = 'UPSTREAM_FAILED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** The request reached the service after its caller's deadline: dropped, nothing done. */
  REQUEST_EXPIRED = 'REQUEST_EXPIRED',
}

/** The one table from code to HTTP status, used by every service and by the gateway. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_BODY: 400,
  IMPORT_FILE_INVALID: 400,
  REQUEST_REFUSED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DISABLED: 401,
  FORBIDDEN: 403,
  NOT_YOUR_PARTNER: 403,
  PARTNER_USER_REQUIRED: 403,
  PARTNER_ACCOUNT_INACTIVE: 403,
  ROUTE_NOT_FOUND: 404,
  PARTNER_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  PRODUCT_NOT_FOUND: 404,
  SPIFF_NOT_FOUND: 404,
  SALE_NOT_FOUND: 404,
  COMMISSION_NOT_FOUND: 404,
  DEAD_LETTER_NOT_FOUND: 404,
  DISPUTE_NOT_FOUND: 404,
  SALE_IMPORT_NOT_FOUND: 404,
  ATTACHMENT_NOT_FOUND: 404,
  PARTNER_IMPORT_NOT_FOUND: 404,
  INVITE_NOT_FOUND: 404,
  PARTNER_EMAIL_TAKEN: 409,
  USER_EMAIL_TAKEN: 409,
  PRODUCT_SKU_TAKEN: 409,
  ASSIGNMENT_EXISTS: 409,
  INVOICE_ALREADY_USED: 409,
  SPIFF_CANCELLED: 409,
  BUDGET_BELOW_COMMITTED: 409,
  COMMISSION_STATUS_CONFLICT: 409,
  DISPUTE_ALREADY_OPEN: 409,
  DISPUTE_ALREADY_RESOLVED: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  DUPLICATE_RECORD: 409,
  SALE_IMPORT_NOT_RECEIVING: 409,
  PARTNER_IMPORT_NOT_RECEIVING: 409,
  USER_NOT_INVITABLE: 409,
  INVITE_LINKS_WITHDRAWN: 410,
  IMPORT_ROWS_PURGED: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ATTACHMENT_TOO_LARGE: 413,
  ATTACHMENT_TYPE_REFUSED: 415,
  SALE_NOT_COVERED: 422,
  RETURN_EXCEEDS_SOLD: 422,
  PARTNER_NOT_APPROVED: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  AMOUNT_OUT_OF_RANGE: 422,
  TOO_MANY_LOGIN_ATTEMPTS: 429,
  INTERNAL_ERROR: 500,
  UPSTREAM_FAILED: 502,
  SERVICE_UNAVAILABLE: 503,
  REQUEST_EXPIRED: 503,
} as const satisfies Record<ErrorCode, number>;

export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/** The codes a status can carry: what the OpenAPI document lists per response. */
export function codesWithStatus(status: number): ErrorCode[] {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((code) => ERROR_STATUS[code] === status);
}

/** The error a service returns over RPC; `status` is always `ERROR_STATUS[code]`. */
export interface ServiceError {
  code: ErrorCode;
  status: ErrorStatus;
  message: string;
  errors?: FieldError[];
}

export interface FieldError {
  field: string;
  reason: string;
}

export function serviceError(code: ErrorCode, message: string, errors?: FieldError[]): ServiceError {
  return { code, status: ERROR_STATUS[code], message, ...(errors && { errors }) };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}

export function isServiceError(value: unknown): value is ServiceError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ServiceError>;
  return isErrorCode(candidate.code) && typeof candidate.status === 'number' && typeof candidate.message === 'string';
}

/** One readable sentence from a list of field errors: "end_date must not be before start_date". */
export function describeFieldErrors(errors: FieldError[]): string {
  return errors.map((e) => `${e.field} ${e.reason}`).join('; ');
}
