import type { ImportError, ImportStatus, ImportView, UserRole } from '@spiffworks/contracts';

/** An import as its table holds it; its rows are in the kind's rows table. */
export interface ImportRecord {
  id: string;
  status: ImportStatus;
  file_name: string | null;
  header: string[];
  /** Who uploaded it: every row is imported by them, and only they (or an admin) see the import. */
  actor_user_id: string;
  actor_role: UserRole;
  actor_partner_id: string | null;
  /** The upload's: the worker's log lines and the events of its rows carry it. */
  correlation_id: string;
  /** Known once the file has ended (close). */
  rows_total: number | null;
  rows_received: number;
  rows_accepted: number;
  rows_rejected: number;
  failure: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  /** When the retention purge took its rows (errors.csv, invites.csv): its status and counts stay. */
  rows_purged_at: Date | null;
}

export type NewImport = Pick<ImportRecord, 'id' | 'file_name' | 'header' | 'actor_user_id' | 'actor_role' | 'actor_partner_id' | 'correlation_id'>;

/** The import as the API answers it; until the file has ended, its total is the rows received so far. */
export function toImportView(record: ImportRecord, errors: ImportError[]): ImportView {
  return {
    id: record.id,
    status: record.status,
    file_name: record.file_name,
    rows_total: record.rows_total ?? record.rows_received,
    rows_accepted: record.rows_accepted,
    rows_rejected: record.rows_rejected,
    errors,
    failure: record.failure,
    created_at: new Date(record.created_at).toISOString(),
    finished_at: record.finished_at ? new Date(record.finished_at).toISOString() : null,
    rows_purged_at: record.rows_purged_at ? new Date(record.rows_purged_at).toISOString() : null,
  };
}
