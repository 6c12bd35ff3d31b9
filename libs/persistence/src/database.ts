import { Client, types } from 'pg';

// Calendar dates stay 'YYYY-MM-DD' strings: the default parser turns them into local-time Dates.
const PG_DATE_OID = 1082;
types.setTypeParser(PG_DATE_OID, (value: string) => value);

export interface DatabaseTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** TLS (pg's `ssl`): off, or on with the server's certificate checked or not (DATABASE_SSL). */
  ssl?: false | { rejectUnauthorized: boolean };
}

export type DatabaseSsl = 'disable' | 'require' | 'verify-full';

/** The database a service owns: one per service, named `<prefix>_<service>`. */
export interface DatabaseSettings {
  DATABASE_HOST: string;
  DATABASE_PORT: number;
  DATABASE_USER: string;
  DATABASE_PASSWORD: string;
  DATABASE_NAME_PREFIX: string;
  DATABASE_SSL?: DatabaseSsl;
}

/** pg's `ssl` for DATABASE_SSL: `verify-full` checks the certificate chain and the host name (Node's TLS defaults). */
export function sslOf(mode: DatabaseSsl | undefined): DatabaseTarget['ssl'] {
  if (!mode || mode === 'disable') return false;
  return { rejectUnauthorized: mode === 'verify-full' };
}

export function serviceDatabase(config: DatabaseSettings, service: string): DatabaseTarget {
  return {
    host: config.DATABASE_HOST,
    port: config.DATABASE_PORT,
    user: config.DATABASE_USER,
    password: config.DATABASE_PASSWORD,
    database: `${config.DATABASE_NAME_PREFIX}_${service}`,
    ssl: sslOf(config.DATABASE_SSL),
  };
}

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

/** Creates the database if it is missing; safe when several replicas start at once. */
export async function ensureDatabase(target: DatabaseTarget): Promise<void> {
  const client = new Client({ ...target, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.database]);
    if (found.rowCount) return;
    await client.query(`CREATE DATABASE "${target.database}"`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw error;
  } finally {
    await client.end();
  }
}

/** Drops the database; used by test harnesses to clean up their namespace. */
export async function dropDatabase(target: DatabaseTarget): Promise<void> {
  const client = new Client({ ...target, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${target.database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
