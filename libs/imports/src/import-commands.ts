import { ErrorCode } from '@spiffworks/contracts';
import type { Actor, OpenImportCommand } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import type { ImportKind } from './import-kind';
import type { ImportRecord, NewImport } from './import-record';

/** Far more columns than an imported file has, and a bound on what one import row stores. */
const MAX_HEADER_COLUMNS = 1_000;
const MAX_FILE_NAME = 255;
const MAX_FAILURE = 2_000;
/** Rows per errors.csv (or invites.csv) page: one RPC reply of a few MB at most. */
export const MAX_PAGE_ROWS = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What an import is opened with, from the file's header and its uploader; refuses a malformed one. */
export function openingOf(command: OpenImportCommand, actor: Actor, correlationId: string): Omit<NewImport, 'id'> {
  const { header, file_name: fileName } = command;
  if (!Array.isArray(header) || header.length === 0 || header.length > MAX_HEADER_COLUMNS || !header.every((c) => typeof c === 'string')) {
    throw ServiceFailure.invalid([{ field: 'header', reason: `must be 1 to ${MAX_HEADER_COLUMNS} column names` }]);
  }
  if (fileName !== null && (typeof fileName !== 'string' || fileName.length > MAX_FILE_NAME)) {
    throw ServiceFailure.invalid([{ field: 'file_name', reason: `must be null or a name of at most ${MAX_FILE_NAME} characters` }]);
  }
  return {
    file_name: fileName, header, actor_user_id: actor.user_id, actor_role: actor.role, actor_partner_id: actor.partner_id, correlation_id: correlationId,
  };
}

/** The import the actor may see: the uploader's own, or any for an admin; anything else is not found. */
export function readableBy(kind: ImportKind, record: ImportRecord | null, actor: Actor, id: string): ImportRecord {
  if (record && (actor.role === 'admin' || actor.user_id === record.actor_user_id)) return record;
  throw ServiceFailure.notFound(kind.notFound, kind.noun, id);
}

/** An id that can name an import; anything else names none (rather than a database format error). */
export function requireImportId(kind: ImportKind, id: unknown): string {
  if (typeof id === 'string' && UUID.test(id)) return id;
  throw ServiceFailure.notFound(kind.notFound, kind.noun, String(id));
}

export function notReceiving(kind: ImportKind, record: ImportRecord): ServiceFailure {
  return new ServiceFailure(kind.notReceiving, `${kind.noun} ${record.id} is ${record.status}: it receives no more rows`);
}

/** A page of an import whose rows the retention purge took: gone for good (its status and counts stay). */
export function rowsPurged(kind: ImportKind, record: ImportRecord): ServiceFailure {
  const finished = record.finished_at ? new Date(record.finished_at).toISOString() : 'long ago';
  return new ServiceFailure(ErrorCode.IMPORT_ROWS_PURGED, `the rows of ${kind.noun} ${record.id} (finished ${finished}) were deleted by the retention purge; only its status and counts remain`);
}

/** An integer field within bounds, or a 400 naming it. */
export function requireCount(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  throw ServiceFailure.invalid([{ field, reason: max === Number.MAX_SAFE_INTEGER ? `must be an integer of at least ${min}` : `must be an integer from ${min} to ${max}` }]);
}

/** Why an upload broke off, cut to what is kept: an abort is never refused for a long message, or the import would stay receiving. */
export function failureOf(reason: unknown): string {
  if (typeof reason === 'string' && reason.trim().length > 0) return reason.slice(0, MAX_FAILURE);
  throw ServiceFailure.invalid([{ field: 'reason', reason: 'must say why the upload broke off' }]);
}
