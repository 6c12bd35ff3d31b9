import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sell-through files: an import, and each data row as the gateway read it. A row keeps its cells as
 * they were (errors.csv repeats them) and, once a worker has weighed it, its outcome: accepted (with
 * the sale it became) or rejected (with the field and reason).
 */
export class SaleImports1764100000380 implements MigrationInterface {
  name = 'SaleImports1764100000380';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE sale_imports (
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
      )`);
    // What a worker looks for: the oldest import with rows left to weigh.
    await runner.query(`CREATE INDEX sale_imports_workable ON sale_imports (created_at, id) WHERE status IN ('queued', 'running')`);
    await runner.query(`
      CREATE TABLE sale_import_rows (
        import_id uuid NOT NULL REFERENCES sale_imports (id),
        row integer NOT NULL CHECK (row >= 2),
        cells text[] NOT NULL,
        sale jsonb,
        outcome varchar(10) CHECK (outcome IN ('accepted', 'rejected')),
        field text,
        reason text,
        sale_id uuid,
        PRIMARY KEY (import_id, row),
        CHECK ((outcome = 'rejected') = (reason IS NOT NULL)),
        CHECK (outcome IS NOT NULL OR sale IS NOT NULL)
      )`);
    // The worker's next chunk: an import's unweighed rows in row order, without walking the weighed ones.
    await runner.query('CREATE INDEX sale_import_rows_unprocessed ON sale_import_rows (import_id, row) WHERE outcome IS NULL');
    // errors.csv and the status answer's first errors: a few rejected rows among a million.
    await runner.query(`CREATE INDEX sale_import_rows_rejected ON sale_import_rows (import_id, row) WHERE outcome = 'rejected'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE sale_import_rows');
    await runner.query('DROP TABLE sale_imports');
  }
}
