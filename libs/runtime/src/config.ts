import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_ADMIN_PASSWORD, DEV_JWT_SECRET, PUBLIC_ADMIN_PASSWORDS, PUBLIC_JWT_SECRETS } from './public-secrets';

/** Production's JWT_SECRET: at least this many bytes (HS256 wants a key as long as its hash). */
export const MIN_PRODUCTION_JWT_SECRET_BYTES = 32;

const portNumber = z.coerce.number().int().min(0).max(65535);

/** The names Express's `trust proxy` knows for address ranges (proxy-addr). */
const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY, for Express's `trust proxy`: which hops in front of the gateway are proxies whose
 * X-Forwarded-For is believed. `false` (the default): none, the client is the socket's peer; a
 * number: that many hops (1 behind one Ingress); or a comma-separated list of addresses, CIDRs and
 * the names loopback, linklocal, uniquelocal. `true` (trust every hop) is refused: any client could
 * then choose its own address with an X-Forwarded-For header, and with it escape the login limits.
 */
const trustProxy = z
  .string()
  .default('false')
  .transform((value, ctx): false | number | string[] => {
    const text = value.trim();
    if (text === '' || text === 'false') return false;
    if (/^\d+$/.test(text)) return Number(text);
    const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => {
      if (TRUST_PROXY_NAMES.includes(e)) return false;
      const [address, prefix, ...rest] = e.split('/');
      if (rest.length || !isIP(address)) return true;
      return prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= (isIP(address) === 4 ? 32 : 128));
    });
    if (text === 'true' || bad.length || !entries.length) {
      ctx.addIssue({
        code: 'custom',
        message:
          text === 'true'
            ? 'true would trust any X-Forwarded-For a client sends; give the number of proxy hops (1 behind one Ingress) or their addresses'
            : `expected false, a hop count, or addresses/CIDRs/loopback/linklocal/uniquelocal separated by commas; not ${bad.join(', ') || 'empty'}`,
      });
      return z.NEVER;
    }
    return entries;
  });

/**
 * CORS_ORIGINS: the browser origins (scheme, host and port, no path) allowed to call the gateway's
 * API from another origin, comma-separated. Empty (the default): none, the portal and the API share
 * one origin and the browser's same-origin rule applies. `*` is refused: any site could then read
 * answers with a signed-in user's token it got hold of, and an allowlist is what the setting is for.
 */
const corsOrigins = z
  .string()
  .default('')
  .transform((value, ctx): string[] => {
    const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => {
      try {
        const url = new URL(e);
        return !/^https?:$/.test(url.protocol) || url.origin !== e.replace(/\/$/, '');
      } catch {
        return true;
      }
    });
    if (bad.length) {
      ctx.addIssue({ code: 'custom', message: `expected origins like https://portal.example.com (scheme, host, optional port; no path, no *), comma-separated; not ${bad.join(', ')}` });
      return z.NEVER;
    }
    return entries.map((e) => new URL(e).origin);
  });

/** Every setting the platform reads, with defaults that work on a developer machine. */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: portNumber.optional(),
    // A port of its own for GET /metrics (scrapers inside the cluster; the Ingress never routes to it).
    // Unset: /metrics is served on PORT, as on a developer machine.
    METRICS_PORT: portNumber.optional(),
    DATABASE_HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_PORT: portNumber.default(5432),
    DATABASE_USER: z.string().min(1).default('postgres'),
    DATABASE_PASSWORD: z.string().default(''),
    DATABASE_NAME_PREFIX: z.string().regex(/^[a-z][a-z0-9_]*$/).default('spiffworks'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    // TLS to PostgreSQL: `disable`; `require` (encrypted, the server's certificate not checked);
    // `verify-full` (checked against the system CAs and NODE_EXTRA_CA_CERTS, and its host name).
    DATABASE_SSL: z.enum(['disable', 'require', 'verify-full']).default('disable'),
    // `on-start`: a service creates its database and applies pending migrations as it starts (needs a
    // user that may create databases and owns the schema). `skip`: it expects the `migrate` step
    // (RUN_MODE=migrate, e.g. an init container) to have done so, and refuses to start while a
    // migration is pending; its DATABASE_USER then needs no more than the grants of DATABASE_GRANT_TO.
    DATABASE_MIGRATIONS: z.enum(['on-start', 'skip']).default('on-start'),
    // The role the migrating process grants the use of the service's tables to (connect, read, write;
    // nothing it owns): the least-privilege user the service runs as. Unset: no grants.
    DATABASE_GRANT_TO: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a PostgreSQL role name (a-z, 0-9, _)').optional(),
    // `serve` (the default): run the app. `migrate`: a service creates its database if missing, applies
    // its pending migrations, grants DATABASE_GRANT_TO, and exits (the gateway has nothing to migrate).
    // The same as the argument `migrate` (node dist/apps/<app>/src/main.js migrate).
    RUN_MODE: z.enum(['serve', 'migrate']).default('serve'),
    RABBITMQ_URL: z.string().url().default('amqp://guest:guest@127.0.0.1:5672'),
    MESSAGING_NAMESPACE: z.string().regex(/^[a-z][a-z0-9_-]*$/).default('spiffworks'),
    RPC_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    COMMISSION_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
    // How long before its timeout a caller's deadline falls (deadline_at = now + timeout − margin):
    // it must exceed commit latency + reply transit + clock skew. Unset: max(500 ms, 10 % of each
    // timeout), at most half of it (libs/messaging deadlineMargin). At most half of either timeout.
    RPC_DEADLINE_MARGIN_MS: z.coerce.number().int().min(0).optional(),
    CONSUMER_PREFETCH: z.coerce.number().int().min(1).max(1000).default(100),
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(1000),
    // Retention (see RetentionPurger): an Idempotency-Key is honoured this many days (longer than
    // any client's retry window); a filed dead letter is kept this many days for an admin to replay.
    IDEMPOTENCY_KEY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
    DEAD_LETTER_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    // File imports: an upload from which nothing arrived for this long (the gateway died, the client
    // went away) fails and its staged rows go; a finished import's rows (errors.csv, invites.csv)
    // are purged this many days after it finished, its status and counts kept.
    IMPORT_RECEIVING_TIMEOUT_S: z.coerce.number().int().min(10).max(86_400).default(900),
    IMPORT_ROWS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    RETENTION_PURGE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
    JWT_SECRET: z.string().min(16).default(DEV_JWT_SECRET),
    JWT_EXPIRES_IN_SECONDS: z.coerce.number().int().min(60).default(3600),
    // How long the gateway trusts a user's account status (active, partner not suspended): a
    // deactivated user's token stops working at most this long after the change. At most 30.
    ACCOUNT_STATUS_CACHE_SECONDS: z.coerce.number().int().min(0).max(30).default(30),
    // A partner import's invites: a token works this many hours (then the user needs a new invite);
    // invites.csv shows an import's tokens only this many hours after the import finished.
    INVITE_TTL_HOURS: z.coerce.number().int().min(1).max(2160).default(168),
    INVITE_LINKS_HOURS: z.coerce.number().int().min(1).max(168).default(24),
    // The portal's address for invite links (https://portal.example.com); unset, the admin's own request's origin.
    PORTAL_URL: z.string().url().regex(/^https?:\/\//, 'must be an http:// or https:// URL').optional(),
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    LOGIN_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
    LOGIN_RATE_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).default(100),
    LOGIN_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    LOGIN_KNOWN_ADDRESS_DAYS: z.coerce.number().int().min(0).default(30),
    TRUST_PROXY: trustProxy,
    CORS_ORIGINS: corsOrigins,
    REDIS_URL: z.string().url().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
    REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]*$/).default('spiffworks:'),
    ADMIN_EMAIL: z.string().email().default('admin@spiffworks.local'),
    ADMIN_PASSWORD: z.string().min(8).default(DEFAULT_ADMIN_PASSWORD),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug']).default('info'),
    // The built portal the gateway serves at / (apps/web, `npm run build:web`); default dist/web.
    WEB_ROOT: z.string().min(1).optional(),
    // Where proofs of sale are kept: `postgres` (a bytea table in fulfillment's database, needs nothing) or `s3` (any S3-compatible store).
    OBJECT_STORE: z.enum(['postgres', 's3']).default('postgres'),
    S3_ENDPOINT: z.string().url().optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_BUCKET: z.string().min(3).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    // MinIO and most self-hosted stores want path-style URLs (http://host/bucket/key).
    S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  })
  .superRefine((c, ctx) => {
    // A margin of half the timeout or more would leave a service no time to do the work.
    for (const timeout of ['RPC_TIMEOUT_MS', 'COMMISSION_RPC_TIMEOUT_MS'] as const) {
      if (c.RPC_DEADLINE_MARGIN_MS !== undefined && c.RPC_DEADLINE_MARGIN_MS * 2 > c[timeout]) {
        ctx.addIssue({ code: 'custom', path: ['RPC_DEADLINE_MARGIN_MS'], message: `must be at most half of ${timeout} (${c[timeout]} ms)` });
      }
    }
    if (c.METRICS_PORT && c.METRICS_PORT === c.PORT) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: `must differ from PORT (${c.PORT}): metrics are kept off the public port` });
    }
    if (c.OBJECT_STORE === 's3' && !c.S3_BUCKET) {
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'S3_BUCKET is required when OBJECT_STORE is s3' });
    }
    if (c.NODE_ENV !== 'production') return;
    // Production refuses secrets anyone can read in this repository (public-secrets.ts) and short ones.
    if (c.JWT_SECRET === DEV_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'JWT_SECRET must be set in production' });
    } else if (PUBLIC_JWT_SECRETS.includes(c.JWT_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'JWT_SECRET is a value published in the repository; production needs a secret of its own' });
    } else if (Buffer.byteLength(c.JWT_SECRET, 'utf8') < MIN_PRODUCTION_JWT_SECRET_BYTES) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: `JWT_SECRET must be at least ${MIN_PRODUCTION_JWT_SECRET_BYTES} bytes in production` });
    }
    if (PUBLIC_ADMIN_PASSWORDS.includes(c.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_PASSWORD'],
        message: c.ADMIN_PASSWORD === DEFAULT_ADMIN_PASSWORD ? 'ADMIN_PASSWORD must not be the default in production' : 'ADMIN_PASSWORD is a value published in the repository',
      });
    }
  });

export type PlatformConfig = z.infer<typeof schema>;

/** Reads and validates the environment; a bad setting stops start-up with its name and reason. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
