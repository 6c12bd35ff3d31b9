import type { ImportKind } from './import-kind';

/**
 * The statements that create a kind's two tables, for its migration: an import, and each data row
 * as the gateway read it. A row keeps its cells as they were (errors.csv repeats them) and, once a
 * worker has weighed it, its outcome: accepted (with what it became) or rejected (with the field
 * and reason). The shape of `sale_imports` (fulfillment's migration 380), for any kind.
 */
export function importTablesDdl(kind: ImportKind): string[] {
  const { table, rowsTable, payload, result } = kind;
  return [
    `CREATE TABLE ${table} (
      id uuid PRIMARY KEY,
      status varchar(20) NOT NULL CHECK (status IN ('receiving', 'queued', 'running', 'completed', 'failed')),
      file_name varchar(255),
      header text[] NOT NULL,
      actor_user_id uuid NOT NULL,
      actor_role varchar(20) NOT NULL,
      actor_partner_id uuid,
      correlation_id varchar(100) NOT NULL,
      rows_total integer CHECK (rows_total >= 0),
      rows_received integer NOT NULL DEFAULT 0,
      rows_accepted integer NOT NULL DEFAULT 0,
      rows_rejected integer NOT NULL DEFAULT 0,
      failure text,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    )`,
    // What a worker looks for: the oldest import with rows left to weigh.
    `CREATE INDEX ${table}_workable ON ${table} (created_at, id) WHERE status IN ('queued', 'running')`,
    `CREATE TABLE ${rowsTable} (
      import_id uuid NOT NULL REFERENCES ${table} (id),
      row integer NOT NULL CHECK (row >= 2),
      cells text[] NOT NULL,
      ${payload} jsonb,
      outcome varchar(10) CHECK (outcome IN ('accepted', 'rejected')),
      field text,
      reason text,
      ${result} uuid,
      PRIMARY KEY (import_id, row),
      CHECK ((outcome = 'rejected') = (reason IS NOT NULL)),
      CHECK (outcome IS NOT NULL OR ${payload} IS NOT NULL)
    )`,
    // The worker's next chunk: an import's unweighed rows in row order, without walking the weighed ones.
    `CREATE INDEX ${rowsTable}_unprocessed ON ${rowsTable} (import_id, row) WHERE outcome IS NULL`,
    // errors.csv and the status answer's first errors: a few rejected rows among a million.
    `CREATE INDEX ${rowsTable}_rejected ON ${rowsTable} (import_id, row) WHERE outcome = 'rejected'`,
  ];
}

/**
 * What a kind's imports table gained after `importTablesDdl`, for its next migration: when the
 * upload last showed life (its open, then each append), so an abandoned one can be failed; and when
 * the retention purge took a finished import's rows.
 */
export function importUpkeepDdl(kind: ImportKind): string[] {
  const { table } = kind;
  return [
    `ALTER TABLE ${table} ADD COLUMN last_activity_at timestamptz NOT NULL DEFAULT now(), ADD COLUMN rows_purged_at timestamptz`,
    // The sweep for abandoned uploads: the few imports receiving now.
    `CREATE INDEX ${table}_receiving ON ${table} (last_activity_at) WHERE status = 'receiving'`,
    // The purge's rows to delete: imports marked purged (few with rows left at any time).
    `CREATE INDEX ${table}_purged ON ${table} (id) WHERE rows_purged_at IS NOT NULL`,
  ];
}

export function dropImportUpkeepDdl(kind: ImportKind): string[] {
  return [`DROP INDEX ${kind.table}_purged`, `DROP INDEX ${kind.table}_receiving`, `ALTER TABLE ${kind.table} DROP COLUMN rows_purged_at, DROP COLUMN last_activity_at`];
}

export function dropImportTablesDdl(kind: ImportKind): string[] {
  return [`DROP TABLE ${kind.rowsTable}`, `DROP TABLE ${kind.table}`];
}
