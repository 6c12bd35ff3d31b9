/** The error a service returns over RPC; the gateway turns `status` into the HTTP status. */
export interface ServiceError {
  status: 400 | 401 | 403 | 404 | 409 | 422 | 503;
  message: string;
  errors?: FieldError[];
}

export interface FieldError {
  field: string;
  reason: string;
}

export function isServiceError(value: unknown): value is ServiceError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ServiceError>;
  return typeof candidate.status === 'number' && typeof candidate.message === 'string';
}

/** One readable sentence from a list of field errors: "end_date must not be before start_date". */
export function describeFieldErrors(errors: FieldError[]): string {
  return errors.map((e) => `${e.field} ${e.reason}`).join('; ');
}
