import type { QueryRunner } from 'typeorm';

/**
 * The table of `PostgresObjectStore` (the default object store): each file's bytes under its key.
 * Every service that keeps files creates it in its own database, from its own migration.
 */
export async function createStoredObjectsTable(runner: QueryRunner): Promise<void> {
  await runner.query(`
    CREATE TABLE stored_objects (
      key text PRIMARY KEY,
      content_type varchar(100) NOT NULL,
      size integer NOT NULL CHECK (size >= 0),
      body bytea NOT NULL,
      stored_at timestamptz NOT NULL DEFAULT now()
    )`);
}

export async function dropStoredObjectsTable(runner: QueryRunner): Promise<void> {
  await runner.query('DROP TABLE stored_objects');
}
