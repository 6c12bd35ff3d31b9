import { Client } from 'pg';
import { connect } from 'amqplib';
import Redis from 'ioredis';
import { loadConfig } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { MessagingTopology } from '@spiffworks/messaging';
import { testNamespace } from '@spiffworks/persistence';

/**
 * A config of its own for one test run: databases `<ns>_<service>`, exchanges/queues `<ns>.…` and
 * Redis keys `<ns>:…`, so runs never see each other's data and a developer's running instance is
 * left alone.
 */
export function isolatedConfig(overrides: Record<string, string> = {}): PlatformConfig {
  const namespace = testNamespace();
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_NAME_PREFIX: namespace,
    MESSAGING_NAMESPACE: namespace,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    OUTBOX_POLL_MS: '100',
    REDIS_KEY_PREFIX: `${namespace}:`,
    // A run that dies before removeNamespace leaves its keys to expire within a day, not a month.
    LOGIN_KNOWN_ADDRESS_DAYS: '1',
    ...overrides,
  });
}

/** Drops the run's databases, its roles (e.g. analytics' BI reader), queues and exchanges, and its Redis keys. */
export async function removeNamespace(config: PlatformConfig): Promise<void> {
  await dropNamespaceDatabases(config);
  await deleteNamespaceTopology(config);
  await deleteRedisKeys(config);
}

/** Deletes every Redis key under the run's prefix (the gateway's login counters). */
export async function deleteRedisKeys(config: PlatformConfig): Promise<void> {
  // An empty prefix would be everyone's keys: only a run's own prefix is cleaned.
  if (!config.REDIS_KEY_PREFIX) return;
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const pattern = `${config.REDIS_KEY_PREFIX.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Drops the run's databases and roles only: what a run without the broker made. */
export async function dropNamespaceDatabases(config: PlatformConfig): Promise<void> {
  const client = new Client({
    host: config.DATABASE_HOST,
    port: config.DATABASE_PORT,
    user: config.DATABASE_USER,
    password: config.DATABASE_PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${config.DATABASE_NAME_PREFIX}\\_%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    // Roles are cluster-wide; once the databases are gone nothing of the run depends on them.
    const roles = await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [
      `${config.DATABASE_NAME_PREFIX}\\_%`,
    ]);
    for (const { rolname } of roles.rows) await client.query(`DROP ROLE IF EXISTS "${rolname}"`);
  } finally {
    await client.end();
  }
}

async function deleteNamespaceTopology(config: PlatformConfig): Promise<void> {
  const topology = new MessagingTopology(config.MESSAGING_NAMESPACE);
  const connection = await connect(config.RABBITMQ_URL);
  try {
    const channel = await connection.createChannel();
    for (const queue of topology.allQueues()) await channel.deleteQueue(queue);
    await channel.deleteExchange(topology.eventsExchange);
    await channel.deleteExchange(topology.deadLetterExchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}
