import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { openServiceDataSource } from '@spiffworks/persistence';
import { migrateService, registeredRuntime, serviceDataSourceSpec } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { isolatedConfig, removeNamespace } from '@spiffworks/testing';
import { createPartnersApp } from './main';
import { PartnersAppModule } from './partners-app.module';

/**
 * The migrate step and a least-privilege user: the owner (here the machine's superuser) creates and
 * migrates the database and grants a plain role the use of its tables; the service then runs as that
 * role, which can read and write rows but not change or drop the schema.
 */
describe('partners: the migrate step, then running without superuser', () => {
  let config: PlatformConfig;
  let runtime: PlatformConfig;
  let role: string;
  let app: INestApplication | undefined;
  const password = 'runtime-password-0123456789';
  const admin = (database = 'postgres'): Client =>
    new Client({ host: config.DATABASE_HOST, port: config.DATABASE_PORT, user: config.DATABASE_USER, password: config.DATABASE_PASSWORD, database });
  const database = (): string => `${config.DATABASE_NAME_PREFIX}_partners`;

  async function asAdmin<T>(sql: string, params: unknown[] = [], db?: string): Promise<T[]> {
    const client = admin(db);
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    config = isolatedConfig();
    // removeNamespace drops the run's roles by this prefix.
    role = `${config.DATABASE_NAME_PREFIX}_runtime`;
    await asAdmin(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    runtime = { ...config, DATABASE_USER: role, DATABASE_PASSWORD: password, DATABASE_MIGRATIONS: 'skip', DATABASE_GRANT_TO: undefined };
  });

  afterAll(async () => {
    await app?.close();
    await removeNamespace(config);
  });

  it('migrates as the owner and grants the role the use of the tables, owning nothing', async () => {
    await migrateService('partners', (c) => PartnersAppModule.register(c), { ...config, DATABASE_GRANT_TO: role });
    const [owned] = await asAdmin<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1`, [role], database());
    expect(owned.n).toBe(0);
    const [grants] = await asAdmin<{ partners: boolean; outbox: boolean }>(
      `SELECT has_table_privilege($1, 'partners', 'SELECT,INSERT,UPDATE,DELETE') AS partners, has_table_privilege($1, 'outbox', 'INSERT,UPDATE') AS outbox`,
      [role],
      database(),
    );
    expect(grants).toEqual({ partners: true, outbox: true });
  });

  it('runs the service as the role: ready, writing its rows (the first admin), unable to change the schema', async () => {
    app = await createPartnersApp(runtime);
    await app.listen(0);
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    await ready.arrayBuffer();
    // Start-up created the first admin: the role wrote a row.
    const [admins] = await asAdmin<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`, [], database());
    expect(admins.n).toBe(1);

    const client = new Client({ host: runtime.DATABASE_HOST, port: runtime.DATABASE_PORT, user: role, password, database: database() });
    await client.connect();
    try {
      const refused = async (sql: string): Promise<string> => client.query(sql).then(() => 'allowed', (e: Error) => e.message);
      expect(await refused('CREATE TABLE intruder (id int)')).toMatch(/permission denied/);
      expect(await refused('DROP TABLE partners')).toMatch(/must be owner/);
      expect(await refused('ALTER TABLE partners ADD COLUMN x int')).toMatch(/must be owner/);
      const [me] = (await client.query(`SELECT rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user`)).rows;
      expect(me).toEqual({ rolsuper: false, rolcreatedb: false });
    } finally {
      await client.end();
    }
  });

  it('refuses to start as the role while a migration is pending', async () => {
    // As if a release's migration had not run yet: forget the newest one.
    await asAdmin(`DELETE FROM migrations WHERE id = (SELECT max(id) FROM migrations)`, [], database());
    PartnersAppModule.register(runtime);
    const spec = serviceDataSourceSpec(registeredRuntime('partners')!);
    expect(spec.migrate).toBe(false);
    await expect(openServiceDataSource(spec)).rejects.toThrow(/pending migrations: run the migrate step first/);
  });
});
