import { ApiProperty } from '@nestjs/swagger';
import { ErrorCode, IMPORT_LISTED_ERRORS, IMPORT_STATUSES } from '@spiffworks/contracts';
import type { ImportError, ImportStatus, ImportView } from '@spiffworks/contracts';
import type { ErrorEntry } from '../platform/openapi';

export const EXAMPLE_IMPORT_ID = '4b3a2918-0f7e-4d6c-95b4-a39281706f5e';

/** The 410 of an import's errors.csv or invites.csv once the retention purge took its rows. */
export const ROWS_PURGED: ErrorEntry = [
  ErrorCode.IMPORT_ROWS_PURGED,
  'The import finished more than `IMPORT_ROWS_RETENTION_DAYS` (30) ago: its rows were deleted; its status and counts remain.',
  `the rows of sale import ${EXAMPLE_IMPORT_ID} (finished 2025-01-31T09:00:04.000Z) were deleted by the retention purge; only its status and counts remain`,
];

/** The 202 of an upload: the file is in; its rows are weighed in the background. (Each kind names its own subclass.) */
export class ImportAcceptedResponse {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_IMPORT_ID })
  import_id!: string;

  @ApiProperty({ enum: [...IMPORT_STATUSES], description: '`queued` for a new upload; a replay (same Idempotency-Key) answers the import as it is now.', example: 'queued' })
  status!: ImportStatus;
}

export class ImportErrorResponse implements ImportError {
  @ApiProperty({ type: 'integer', description: 'The row in the file; the header is row 1.', example: 7 })
  row!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The column at fault, or null when the row as a whole was refused.', example: 'quantity' })
  field!: string | null;

  @ApiProperty({ example: 'must be a whole number written with digits, such as 2' })
  reason!: string;
}

/** An import's progress and outcome, whatever it imports. */
export class ImportResponse implements ImportView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_IMPORT_ID })
  id!: string;

  @ApiProperty({
    enum: [...IMPORT_STATUSES],
    description: '`receiving` while the file streams in, `queued` until a worker takes it, `running`, then `completed` (every row accepted or rejected); `failed` when the upload broke off or stopped arriving for `IMPORT_RECEIVING_TIMEOUT_S` (nothing of it is kept; `failure` says why).',
    example: 'completed',
  })
  status!: ImportStatus;

  @ApiProperty({ type: String, nullable: true, description: "The uploaded file's name (multipart); null for a bare text/csv body.", example: 'sell-through-2025-01.csv' })
  file_name!: string | null;

  @ApiProperty({ type: 'integer', description: 'Data rows in the file (blank rows left out).', example: 20_000 })
  rows_total!: number;

  @ApiProperty({ type: 'integer', description: 'Rows accepted so far.', example: 19_990 })
  rows_accepted!: number;

  @ApiProperty({ type: 'integer', description: 'Rows refused so far; every one is in errors.csv.', example: 10 })
  rows_rejected!: number;

  @ApiProperty({ type: () => [ImportErrorResponse], description: `The first ${IMPORT_LISTED_ERRORS.toLocaleString('en-US')} rejected rows, by row number.` })
  errors!: ImportErrorResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Why a failed import failed.', example: null })
  failure!: string | null;

  @ApiProperty({ format: 'date-time', example: '2025-01-31T09:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it completed or failed.', example: '2025-01-31T09:00:04.000Z' })
  finished_at!: string | null;

  @ApiProperty({
    type: String, format: 'date-time', nullable: true, example: null,
    description: 'When the retention purge deleted its rows (`IMPORT_ROWS_RETENTION_DAYS` after it finished): the counts stay, `errors` is empty, errors.csv and invites.csv answer 410 `IMPORT_ROWS_PURGED`.',
  })
  rows_purged_at!: string | null;
}

/** The status answer: the view's fields, and only those. */
export function importResponse(view: ImportView): ImportResponse {
  return {
    id: view.id,
    status: view.status,
    file_name: view.file_name,
    rows_total: view.rows_total,
    rows_accepted: view.rows_accepted,
    rows_rejected: view.rows_rejected,
    errors: view.errors.map(({ row, field, reason }) => ({ row, field, reason })),
    failure: view.failure,
    created_at: view.created_at,
    finished_at: view.finished_at,
    rows_purged_at: view.rows_purged_at,
  };
}
