import type { DataSource } from 'typeorm';
import { dropDatabase, serviceDatabase } from './database';
import { openServiceDataSource } from './data-source';
import { testDatabase, testDatabaseSettings } from './test-database';

const target = testDatabase('restarttest');

interface PooledClient {
  query(sql: string): Promise<{ rows: Array<Record<string, unknown>> }>;
  release(error?: Error): void;
  listenerCount(event: string): number;
}

describe('service data source (real PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ target, poolSize: 3, entities: [], migrations: [], applicationName: 'restart-test' });
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(target);
  });

  it('keeps the process alive when PostgreSQL ends a checked-out connection between statements', async () => {
    const pool = (dataSource.driver as unknown as { master: { connect(): Promise<PooledClient> } }).master;
    const client = await pool.connect();
    expect(client.listenerCount('error')).toBeGreaterThan(0);
    const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows as Array<{ pid: number }>;
    const ended = new Promise<void>((resolve) => (client as unknown as { once(e: string, l: () => void): void }).once('end', resolve));
    await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
    await ended; // the FATAL message arrived and pg emitted 'error' on the idle client: nothing crashed
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release(new Error('terminated'));
    expect(await dataSource.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });
});

describe('DATABASE_SSL (against the machine PostgreSQL, which runs without TLS)', () => {
  const settings = testDatabaseSettings();

  it.each(['require', 'verify-full'] as const)('%s asks the server for TLS, so a server without it is refused', async (mode) => {
    const tls = serviceDatabase({ ...settings, DATABASE_SSL: mode }, 'tlstest');
    await expect(openServiceDataSource({ target: tls, poolSize: 1, entities: [], migrations: [], applicationName: 'tls-test' })).rejects.toThrow(/does not support SSL/);
  });
});
