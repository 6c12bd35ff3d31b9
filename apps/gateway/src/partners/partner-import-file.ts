import { IsIn, validateSync } from 'class-validator';
import { ErrorCode, PARTNER_IMPORT_COLUMNS, PARTNER_IMPORT_OPTIONAL_COLUMNS, PARTNER_IMPORT_STATUSES } from '@spiffworks/contracts';
import type { FieldError, ImportedPartner, PartnerImportColumn, PartnerImportRow, PartnerImportStatus } from '@spiffworks/contracts';
import { toFieldErrors } from '../platform/http-errors';
import { columnsOf, sortedByColumn } from '../imports/import-columns';
import type { ColumnPositions } from '../imports/import-columns';
import type { ImportFormat } from '../imports/import-upload';
import { CreatePartnerDto } from './partners.dto';

type OptionalColumn = (typeof PARTNER_IMPORT_OPTIONAL_COLUMNS)[number];

/** Where each column sits in the file's rows; `password` only when the header names it. */
export type PartnerImportColumns = ColumnPositions<PartnerImportColumn> & Partial<ColumnPositions<OptionalColumn>>;

const COLUMN_ORDER: readonly string[] = [...PARTNER_IMPORT_COLUMNS, ...PARTNER_IMPORT_OPTIONAL_COLUMNS];

/** A row of a partner file: `POST /api/partners`'s body (the same rules, `CreatePartnerDto`), and the status it starts in. */
export class ImportedPartnerDto extends CreatePartnerDto implements ImportedPartner {
  @IsIn(PARTNER_IMPORT_STATUSES, { message: `status must be one of ${PARTNER_IMPORT_STATUSES.join(', ')} (a partner is suspended only once it exists)` })
  status!: PartnerImportStatus;
}

/** The header's columns: the four required, `password` when named; any order, others ignored (every import's header rule). */
export function partnerColumnsOf(header: string[]): PartnerImportColumns {
  return columnsOf(header, PARTNER_IMPORT_COLUMNS, PARTNER_IMPORT_OPTIONAL_COLUMNS);
}

/**
 * One data row as the partner it says: cells mapped by the header (trimmed), then the same
 * class-validator rules as `POST /api/partners`, plus `status`. An empty `password` cell (or no
 * such column) is a row without one: its user gets an invite. The row's cells travel on with its
 * password cell emptied, so no password is ever stored readable or repeated by errors.csv.
 */
export function partnerImportRow(row: number, cells: string[], columns: PartnerImportColumns): PartnerImportRow {
  const cell = (at: number | undefined): string => (at === undefined ? '' : (cells[at] ?? '').trim());
  const password = cell(columns.password);
  const partner = {
    name: cell(columns.name),
    tier: cell(columns.tier),
    contact_email: cell(columns.contact_email),
    status: cell(columns.status),
    ...(password !== '' && { password }),
  };
  const kept = columns.password === undefined || columns.password >= cells.length ? cells : cells.map((c, i) => (i === columns.password ? '' : c));
  const errors = validationErrors(partner);
  if (errors.length) return { row, cells: kept, errors: sortedByColumn(errors, COLUMN_ORDER) };
  return { row, cells: kept, partner: partner as ImportedPartner };
}

/** The errors `POST /api/partners` would answer for this body (with status), worded the same way; an empty cell "is required". */
function validationErrors(partner: Record<string, string>): FieldError[] {
  const empty = PARTNER_IMPORT_COLUMNS.filter((column) => partner[column] === '');
  const present = Object.fromEntries(Object.entries(partner).filter(([, value]) => value !== ''));
  // The DTO transforms nothing (no @Type, no @Transform), so an assigned instance is what the pipe's
  // plainToInstance would build, at half the cost per row.
  const dto = Object.assign(new ImportedPartnerDto(), present);
  const errors = toFieldErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
  return [...empty.map((field) => ({ field, reason: 'is required' })), ...errors.filter((e) => !empty.includes(e.field as PartnerImportColumn))];
}

/** A partner file: its columns, each row the partner it says (`partnerImportRow`). */
export const PARTNER_FILE: ImportFormat<PartnerImportRow, PartnerImportColumns> = {
  noun: 'partner import',
  columns: PARTNER_IMPORT_COLUMNS,
  positionsOf: partnerColumnsOf,
  rowOf: partnerImportRow,
  notReceiving: ErrorCode.PARTNER_IMPORT_NOT_RECEIVING,
};
