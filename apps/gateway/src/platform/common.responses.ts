import { ApiProperty } from '@nestjs/swagger';
import type { Type } from '@nestjs/common';
import type { FieldError, Page } from '@spiffworks/contracts';
import { ErrorCode } from '@spiffworks/contracts';

/**
 * Example values shared by the OpenAPI document, so that one example reads as one story: the
 * seed's gold partner "TechCorp Partners Inc." sells 2 × "Test Laptop Pro" under "Q4 Laptop Promotion".
 */
export const EXAMPLE = {
  adminId: '0b6f7e52-94c1-4d0e-8a53-3c0f2d4b9a11',
  partnerUserId: '5d2c9a10-7e4b-4f6a-9c21-8b3e1f0d7a42',
  partnerId: '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70',
  productId: 'c9a1e2b3-4d5f-4a6b-8c7d-9e0f1a2b3c4d',
  spiffId: '2a7d4c1e-9b3f-4e8a-b6d5-0c1f2e3d4a5b',
  assignmentId: '6e5d4c3b-2a19-4f8e-a7d6-c5b4a3928170',
  saleId: 'f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e',
  commissionId: '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  returnId: '3c2b1a09-8f7e-4d6c-b5a4-938271605f4e',
  createdAt: '2025-01-15T10:30:00.000Z',
} as const;

/** OpenAPI `format: date` with the pattern the API checks: a real calendar date `YYYY-MM-DD`. */
export const CALENDAR_DATE = { type: String, format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

export class FieldErrorResponse implements FieldError {
  @ApiProperty({ description: 'The field (dotted for nested fields, e.g. `commission_rates.gold`), or a header name.', example: 'end_date' })
  field!: string;

  @ApiProperty({ example: 'must not be before start_date' })
  reason!: string;
}

/** The body of every failed request: RFC 9457 problem details with a stable `code`, plus the fields clients read before. */
export class ErrorResponse {
  @ApiProperty({ description: 'The problem type: `urn:spiffworks:problem:<code>`.', example: 'urn:spiffworks:problem:VALIDATION_FAILED' })
  type!: string;

  @ApiProperty({ description: "The problem type's short summary; the same for every occurrence of a code.", example: 'Validation failed' })
  title!: string;

  @ApiProperty({ type: 'integer', description: 'The HTTP status.', example: 400 })
  status!: number;

  @ApiProperty({ description: 'What went wrong this time, in one sentence.', example: 'end_date must not be before start_date' })
  detail!: string;

  @ApiProperty({ enum: ErrorCode, description: 'The stable, machine-readable error code: branch on this, not on the prose.', example: ErrorCode.VALIDATION_FAILED })
  code!: ErrorCode;

  @ApiProperty({
    type: () => [FieldErrorResponse],
    description: 'One entry per field and reason (empty when the error is not about a field).',
    example: [{ field: 'end_date', reason: 'must not be before start_date' }],
  })
  errors!: FieldErrorResponse[];

  @ApiProperty({ type: 'integer', description: '`status` again (kept for existing clients).', example: 400 })
  statusCode!: number;

  @ApiProperty({ description: "The status's reason phrase (kept for existing clients).", example: 'Bad Request' })
  error!: string;

  @ApiProperty({ description: '`detail` again (kept for existing clients).', example: 'end_date must not be before start_date' })
  message!: string;
}

const pages = new Map<Type<unknown>, Type<Page<unknown>>>();

/**
 * The paged list of `model`: `{ items, total, page, page_size }`, as its own schema named after the
 * model (`PartnerResponse` → `PartnerPage`). One class per model, however often it is asked for.
 */
export function PageOf<T>(model: Type<T>): Type<Page<T>> {
  const known = pages.get(model);
  if (known) return known as Type<Page<T>>;

  class PageResponse implements Page<T> {
    @ApiProperty({ type: [model] })
    items!: T[];

    @ApiProperty({ type: 'integer', description: 'How many items match, on every page.', example: 1 })
    total!: number;

    @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
    page!: number;

    @ApiProperty({ type: 'integer', minimum: 1, maximum: 500, example: 50 })
    page_size!: number;
  }
  Object.defineProperty(PageResponse, 'name', { value: `${model.name.replace(/Response$/, '')}Page` });
  pages.set(model, PageResponse);
  return PageResponse;
}
