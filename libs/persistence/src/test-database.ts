import { serviceDatabase } from './database';
import type { DatabaseSettings, DatabaseTarget } from './database';
import { testNamespace } from './test-namespace';

/** The PostgreSQL a library's own tests use: DATABASE_* from the environment, else the machine's (127.0.0.1:5432, trust, postgres). */
export function testDatabaseSettings(prefix = testNamespace()): DatabaseSettings {
  return {
    DATABASE_HOST: process.env.DATABASE_HOST ?? '127.0.0.1',
    DATABASE_PORT: Number(process.env.DATABASE_PORT ?? 5432),
    DATABASE_USER: process.env.DATABASE_USER ?? 'postgres',
    DATABASE_PASSWORD: process.env.DATABASE_PASSWORD ?? '',
    DATABASE_NAME_PREFIX: prefix,
  };
}

/** A database of one library test's own, `<prefix>_<name>`, on that PostgreSQL (created when first opened). */
export function testDatabase(name: string, prefix = testNamespace()): DatabaseTarget {
  return serviceDatabase(testDatabaseSettings(prefix), name);
}
