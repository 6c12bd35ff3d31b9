import { z } from 'zod';

const DEV_JWT_SECRET = 'spiffworks-dev-secret-change-me';

const portNumber = z.coerce.number().int().min(0).max(65535);

/** Every setting the platform reads, with defaults that work on a developer machine. */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: portNumber.optional(),
    DATABASE_HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_PORT: portNumber.default(5432),
    DATABASE_USER: z.string().min(1).default('postgres'),
    DATABASE_PASSWORD: z.string().default(''),
    DATABASE_NAME_PREFIX: z.string().regex(/^[a-z][a-z0-9_]*$/).default('spiffworks'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    RABBITMQ_URL: z.string().url().default('amqp://guest:guest@127.0.0.1:5672'),
    MESSAGING_NAMESPACE: z.string().regex(/^[a-z][a-z0-9_-]*$/).default('spiffworks'),
    RPC_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    COMMISSION_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
    CONSUMER_PREFETCH: z.coerce.number().int().min(1).max(1000).default(100),
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(1000),
    JWT_SECRET: z.string().min(16).default(DEV_JWT_SECRET),
    JWT_EXPIRES_IN_SECONDS: z.coerce.number().int().min(60).default(3600),
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    LOGIN_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
    ADMIN_EMAIL: z.string().email().default('admin@spiffworks.local'),
    ADMIN_PASSWORD: z.string().min(8).default('spiffworks-admin'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug']).default('info'),
  })
  .refine((c) => c.NODE_ENV !== 'production' || c.JWT_SECRET !== DEV_JWT_SECRET, {
    message: 'JWT_SECRET must be set in production',
    path: ['JWT_SECRET'],
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
