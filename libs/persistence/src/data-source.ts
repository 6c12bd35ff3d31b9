import { DataSource } from 'typeorm';
import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import type { DatabaseTarget } from './database';
import { ensureDatabase } from './database';

export interface ServiceDataSourceSpec {
  target: DatabaseTarget;
  poolSize: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  applicationName: string;
  /** Create the database and apply pending migrations (default), or only check none is pending. */
  migrate?: boolean;
  /** The role granted the use of the tables after migrating (the service's least-privilege user). */
  grantTo?: string;
}

export function dataSourceOptions(spec: ServiceDataSourceSpec): DataSourceOptions {
  return {
    type: 'postgres',
    ...spec.target,
    username: spec.target.user,
    entities: spec.entities,
    migrations: spec.migrations,
    migrationsRun: false,
    synchronize: false,
    poolSize: spec.poolSize,
    applicationName: spec.applicationName,
    connectTimeoutMS: 5000,
  };
}

/**
 * When PostgreSQL restarts it tells every connection `FATAL 57P01`. A connection that is checked out
 * but between statements has no query to fail, so pg emits an 'error' event on it, and an 'error'
 * event nobody listens to ends the process: seen as a service dying in the chaos test, right after
 * a restart. Every client of the pool gets a listener for its whole life; the work that uses it
 * still fails on its next statement (a transient error, retried) and the pool drops the client.
 */
function surviveServerRestarts(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (!pool) return;
  const listen = (client: PgClient) => client.on('error', () => undefined);
  pool._clients?.forEach(listen); // the one TypeORM opened to test the connection
  pool.on('connect', listen);
}

interface PgClient {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

interface PgPool {
  _clients?: PgClient[];
  on(event: 'connect', listener: (client: PgClient) => void): unknown;
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options: { max?: number };
}

/** A data source's connection pool right now: connections checked out, idle, callers waiting for one, and its size. */
export interface PoolStats {
  inUse: number;
  idle: number;
  waiting: number;
  max: number;
}

/** The pg pool's counters (no query, no I/O); undefined before it is connected or for a driver without one. */
export function poolStats(dataSource: DataSource): PoolStats | undefined {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (!pool || typeof pool.totalCount !== 'number') return undefined;
  return {
    inUse: pool.totalCount - pool.idleCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options?.max ?? 10,
  };
}

/** Any number; the same for every service, so the lock only orders one database's migrators. */
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Creates the database if missing, connects, and applies pending migrations while holding an
 * advisory lock, so replicas starting together never race on the schema; then grants `grantTo` the
 * use of every table and sequence. With `migrate: false` (the migrate step ran before, as the
 * schema's owner) it only connects, and refuses a schema with a migration pending.
 */
export async function openServiceDataSource(spec: ServiceDataSourceSpec): Promise<DataSource> {
  if (spec.migrate !== false) await ensureDatabase(spec.target);
  const dataSource = new DataSource(dataSourceOptions(spec));
  await dataSource.initialize();
  surviveServerRestarts(dataSource);
  if (spec.migrate === false) {
    if (await dataSource.showMigrations()) {
      await dataSource.destroy();
      throw new Error(`${spec.target.database} has pending migrations: run the migrate step first (RUN_MODE=migrate)`);
    }
    return dataSource;
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
    if (spec.grantTo) await grantUse(runner, spec.target.database, spec.grantTo);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
  return dataSource;
}

/**
 * What the service's own user needs and no more: connect, and read and write rows of every table
 * (sequences too). It owns nothing, so it can neither change the schema nor drop a table; the
 * migrating user (the owner) grants again after every run, so tables of new migrations are covered.
 */
async function grantUse(runner: { query(sql: string): Promise<unknown> }, database: string, role: string): Promise<void> {
  const quoted = `"${role.replace(/"/g, '""')}"`;
  await runner.query(`GRANT CONNECT, TEMPORARY ON DATABASE "${database.replace(/"/g, '""')}" TO ${quoted}`);
  await runner.query(`GRANT USAGE ON SCHEMA public TO ${quoted}`);
  await runner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${quoted}`);
  await runner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${quoted}`);
}
