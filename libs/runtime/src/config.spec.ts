import { loadConfig } from './config';
import { DEFAULT_ADMIN_PASSWORD, PUBLIC_ADMIN_PASSWORDS, PUBLIC_JWT_SECRETS } from './public-secrets';

/** A production environment that passes: a secret of its own, 32 bytes or more, and an admin password of its own. */
const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'q8Vf2u7WkN0sYx3Lr5Tz9Bm1Hc6Jd4Pa', ADMIN_PASSWORD: 'a-password-of-our-own' };

describe('loadConfig', () => {
  it('defaults to local PostgreSQL, RabbitMQ and Redis, trusting no proxy', () => {
    const config = loadConfig({});
    expect(config.DATABASE_HOST).toBe('127.0.0.1');
    expect(config.DATABASE_PORT).toBe(5432);
    expect(config.RABBITMQ_URL).toBe('amqp://guest:guest@127.0.0.1:5672');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.TRUST_PROXY).toBe(false);
  });

  it.each([
    [{ DATABASE_PORT: 'abc' }, 'DATABASE_PORT'],
    [{ RABBITMQ_URL: 'not a url' }, 'RABBITMQ_URL'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET must be set in production'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/99' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'everyone' }, 'TRUST_PROXY'],
    [{ DATABASE_SSL: 'yes' }, 'DATABASE_SSL'],
    [{ DATABASE_MIGRATIONS: 'never' }, 'DATABASE_MIGRATIONS'],
    [{ DATABASE_GRANT_TO: 'app; DROP ROLE x' }, 'DATABASE_GRANT_TO: must be a PostgreSQL role name'],
    [{ RUN_MODE: 'both' }, 'RUN_MODE'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://portal.example.com/app' }, 'CORS_ORIGINS: expected origins'],
    [{ CORS_ORIGINS: 'ftp://portal.example.com' }, 'CORS_ORIGINS'],
    [{ METRICS_PORT: '3000', PORT: '3000' }, 'METRICS_PORT: must differ from PORT'],
    [{ METRICS_PORT: '70000' }, 'METRICS_PORT'],
    [{ RPC_DEADLINE_MARGIN_MS: '-1' }, 'RPC_DEADLINE_MARGIN_MS'],
    [{ RPC_DEADLINE_MARGIN_MS: 'soon' }, 'RPC_DEADLINE_MARGIN_MS'],
    [{ RPC_DEADLINE_MARGIN_MS: '1501' }, 'RPC_DEADLINE_MARGIN_MS: must be at most half of COMMISSION_RPC_TIMEOUT_MS'],
    [{ RPC_DEADLINE_MARGIN_MS: '2000', RPC_TIMEOUT_MS: '3000', COMMISSION_RPC_TIMEOUT_MS: '5000' }, 'must be at most half of RPC_TIMEOUT_MS'],
  ])('rejects %p naming %s', (env, named) => {
    expect(() => loadConfig(env)).toThrow(named);
  });

  it('leaves RPC_DEADLINE_MARGIN_MS unset by default (each call then takes max(500 ms, 10 % of its timeout)) and reads a set one', () => {
    expect(loadConfig({}).RPC_DEADLINE_MARGIN_MS).toBeUndefined();
    expect(loadConfig({ RPC_DEADLINE_MARGIN_MS: '1500' }).RPC_DEADLINE_MARGIN_MS).toBe(1500);
  });

  it('allows no other origin by default and reads an allowlist of origins', () => {
    expect(loadConfig({}).CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://portal.example.com, http://localhost:5173/' }).CORS_ORIGINS).toEqual([
      'https://portal.example.com',
      'http://localhost:5173',
    ]);
  });

  it("caps ACCOUNT_STATUS_CACHE_SECONDS at 30, so a disabled account's tokens stop working within 60 s", () => {
    expect(loadConfig({}).ACCOUNT_STATUS_CACHE_SECONDS).toBe(30);
    expect(loadConfig({ ACCOUNT_STATUS_CACHE_SECONDS: '30' }).ACCOUNT_STATUS_CACHE_SECONDS).toBe(30);
    for (const value of ['31', '60', '3600']) {
      expect(() => loadConfig({ ACCOUNT_STATUS_CACHE_SECONDS: value })).toThrow(/ACCOUNT_STATUS_CACHE_SECONDS: .*30/);
    }
  });

  it('serves metrics on PORT unless METRICS_PORT names another', () => {
    expect(loadConfig({}).METRICS_PORT).toBeUndefined();
    expect(loadConfig({ PORT: '3000', METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
  });

  it.each([
    ['false', false],
    ['1', 1],
    ['loopback', ['loopback']],
    ['loopback, 10.0.0.0/8,::1', ['loopback', '10.0.0.0/8', '::1']],
  ])('reads TRUST_PROXY=%p as %p', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });
});

describe('loadConfig in production', () => {
  it('starts with a secret and an admin password of its own', () => {
    expect(loadConfig(PRODUCTION)).toMatchObject({ NODE_ENV: 'production', JWT_SECRET: PRODUCTION.JWT_SECRET });
  });

  it('refuses a JWT_SECRET shorter than 32 bytes', () => {
    expect(() => loadConfig({ ...PRODUCTION, JWT_SECRET: 'x'.repeat(31) })).toThrow('JWT_SECRET: JWT_SECRET must be at least 32 bytes in production');
    // Bytes, not characters: 16 three-byte characters are 48 bytes.
    expect(loadConfig({ ...PRODUCTION, JWT_SECRET: '€'.repeat(16) }).JWT_SECRET).toBe('€'.repeat(16));
  });

  it.each(PUBLIC_JWT_SECRETS.map((s) => [s]))('refuses the public JWT_SECRET %p', (secret) => {
    expect(() => loadConfig({ ...PRODUCTION, JWT_SECRET: secret })).toThrow(/JWT_SECRET: JWT_SECRET (must be set|is a value published)/);
  });

  it('refuses the default ADMIN_PASSWORD, given or left unset', () => {
    expect(() => loadConfig({ ...PRODUCTION, ADMIN_PASSWORD: DEFAULT_ADMIN_PASSWORD })).toThrow('ADMIN_PASSWORD: ADMIN_PASSWORD must not be the default in production');
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: PRODUCTION.JWT_SECRET })).toThrow('ADMIN_PASSWORD must not be the default');
  });

  it.each(PUBLIC_ADMIN_PASSWORDS.map((p) => [p]))('refuses the public ADMIN_PASSWORD %p', (password) => {
    expect(() => loadConfig({ ...PRODUCTION, ADMIN_PASSWORD: password })).toThrow('ADMIN_PASSWORD');
  });

  it('names every problem at once', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET[\s\S]*ADMIN_PASSWORD/);
  });

  it('accepts the public values outside production (development and tests)', () => {
    for (const NODE_ENV of ['development', 'test']) {
      expect(loadConfig({ NODE_ENV, JWT_SECRET: PUBLIC_JWT_SECRETS[1], ADMIN_PASSWORD: DEFAULT_ADMIN_PASSWORD }).NODE_ENV).toBe(NODE_ENV);
    }
  });
});
