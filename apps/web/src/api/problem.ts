/**
 * RFC 9457 problem details as the gateway answers them (`ErrorResponse` in the OpenAPI document):
 * `{ type, title, status, detail, code, errors: [{ field, reason }] }`. `unwrap` turns an
 * openapi-fetch result into its data or throws a `ProblemError`; `applyProblemToForm` puts each
 * field error at the form field it names and answers what is left for a form-level alert.
 */
import type { ReactNode } from 'react';
import type { Schemas } from './client';

export type Problem = Schemas['ErrorResponse'];
export type ProblemCode = Problem['code'];
export type FieldError = Schemas['FieldErrorResponse'];

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode | 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE',
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ProblemError';
  }

  static from(response: Response, body: unknown): ProblemError {
    if (isProblem(body)) return new ProblemError(body.status ?? response.status, body.code, body.detail ?? body.title, body.errors ?? []);
    return new ProblemError(response.status, 'UNEXPECTED_RESPONSE', `The server answered ${response.status} ${response.statusText}`.trim());
  }
}

export function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).code === 'string' && 'status' in body;
}

/** The data of a successful openapi-fetch call, or a thrown `ProblemError`. */
export async function unwrap<D>(call: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  let result: { data?: D; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    throw new ProblemError(0, 'NETWORK_ERROR', `The server could not be reached (${String(error)}).`);
  }
  if (result.response.ok) return result.data as D;
  throw ProblemError.from(result.response, result.error);
}

/** A human sentence for any error thrown at the UI. */
export function errorMessage(error: unknown): string {
  if (error instanceof ProblemError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The part of a form these helpers need; @mantine/form's `useForm()` result fits. */
export interface FieldErrorTarget {
  setFieldError: (path: string, error: ReactNode) => void;
  getValues: () => object;
}

export interface ApplyProblemOptions {
  /** API field name → form path, where they differ (`{ unit_price: 'price' }`). */
  fields?: Record<string, string>;
  /** A code that names no field in `errors` but belongs to one (`{ INVOICE_ALREADY_USED: 'invoice_number' }`). */
  codes?: Partial<Record<string, string>>;
}

function hasPath(values: object, path: string): boolean {
  let node: unknown = values;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

/**
 * Shows the API's message at the field it names. Answers the message that belongs to no field of
 * the form (for an alert above the submit button), or null when every error found its field.
 */
export function applyProblemToForm(form: FieldErrorTarget, error: unknown, options: ApplyProblemOptions = {}): string | null {
  if (!(error instanceof ProblemError)) return errorMessage(error);
  const values = form.getValues();
  const leftover: string[] = [];
  let placed = 0;
  for (const { field, reason } of error.errors) {
    const path = options.fields?.[field] ?? field;
    if (hasPath(values, path)) {
      form.setFieldError(path, reason);
      placed += 1;
    } else {
      leftover.push(`${field} ${reason}`);
    }
  }
  const codeField = options.codes?.[error.code];
  if (codeField && hasPath(values, codeField) && error.errors.length === 0) {
    form.setFieldError(codeField, error.message);
    return null;
  }
  if (error.errors.length === 0) return error.message;
  if (leftover.length > 0) return leftover.join('; ');
  return placed > 0 ? null : error.message;
}
