import { Query } from 'pg';
import type { Pool, QueryConfig } from 'pg';
import type { DataSource } from 'typeorm';

/** One row as the database writes its values as text, in the select list's order; SQL NULL is null. */
export type TextRow = Array<string | null>;

/** Every column's text as PostgreSQL sent it: nothing parsed into a Date, number or object. */
const AS_TEXT = { getTypeParser: () => (value: string) => value };

/**
 * Runs a read whose rows are only passed on (a page of a CSV file) and hands `take` each row as it
 * arrives, as an array of the database's text; resolves with the number of rows once the last has
 * been taken. Nothing of a row is kept once `take` returns: no result set, no object with a key per
 * column, no Date per timestamp, as TypeORM's raw rows have. (A page of rows held until its
 * query ends lives through the young-generation collections that run between the socket reads, so
 * V8 promotes it to the old generation, which it lets grow to several times its live size before
 * a full collection: the RSS a large export added. BENCHMARKS.md, "Export memory".)
 *
 * `sql` and `parameters` as TypeORM's `getQueryAndParameters()` gives them, so a repository keeps
 * building its filters with the query builder.
 */
export async function eachTextRow(dataSource: DataSource, sql: string, parameters: unknown[], take: (row: TextRow) => void): Promise<number> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    return await new Promise<number>((resolve, reject) => {
      let rows = 0;
      // A `take` that throws must not throw inside pg's protocol parser: the rest of the rows are read and dropped, and the read fails.
      let refused: unknown;
      const config: QueryConfig & { rowMode: 'array'; types: typeof AS_TEXT } = { text: sql, values: parameters, rowMode: 'array', types: AS_TEXT };
      const query = client.query(new Query<TextRow>(config));
      query.on('row', (row: TextRow) => {
        if (refused !== undefined) return;
        try {
          take(row);
          rows += 1;
        } catch (error) {
          refused = error;
        }
      });
      query.on('error', reject);
      query.on('end', () => (refused === undefined ? resolve(rows) : reject(refused)));
    });
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // As pg's own pool.query does: a client whose query failed is dropped, not reused.
    client.release(failure);
  }
}
