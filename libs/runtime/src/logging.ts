import { pino } from 'pino';
import type { DestinationStream, Level, Logger as PinoLogger } from 'pino';
import type { LoggerService } from '@nestjs/common';
import { activeCorrelationId, activeTraceIds } from '@spiffworks/messaging';
import { redactSecrets } from './redaction';
import type { PlatformConfig } from './config';

export type { PinoLogger };

/**
 * Field paths pino masks whatever their value (see redaction.ts for the same secrets found by
 * pattern in messages and in every other string field).
 */
export const REDACTED_PATHS = [
  'password', 'new_password', 'current_password', 'password_hash', 'secret', 'token', 'access_token', 'refresh_token',
  'authorization', 'cookie', 'JWT_SECRET', 'ADMIN_PASSWORD', 'DATABASE_PASSWORD',
  '*.password', '*.new_password', '*.current_password', '*.password_hash', '*.secret', '*.token', '*.access_token',
  '*.refresh_token', '*.authorization', '*.cookie', '*.JWT_SECRET', '*.ADMIN_PASSWORD', '*.DATABASE_PASSWORD',
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]',
];

/** The same keys at any depth (pino's paths stop at two levels). */
const SECRET_KEYS = new Set(
  ['password', 'new_password', 'current_password', 'password_hash', 'passwordhash', 'secret', 'token', 'access_token',
    'refresh_token', 'authorization', 'cookie', 'jwt_secret', 'admin_password', 'database_password'],
);

const MAX_DEPTH = 8;

/**
 * Every string in a log line's fields with secrets masked, and secret keys at any depth;
 * errors stay errors for pino's serializer.
 */
function maskStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (!value || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (value instanceof Error) {
    const copy = new Error(redactSecrets(value.message));
    copy.name = value.name;
    copy.stack = value.stack && redactSecrets(value.stack);
    return copy;
  }
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) && item !== null && item !== undefined ? '[REDACTED]' : maskStrings(item, depth + 1);
  }
  return out;
}

/**
 * A pino logger writing one JSON object per line: `level` (a name), `time` (ISO-8601, UTC),
 * `service`, `msg`, the current `correlation_id` when the work has one, `trace_id` and `span_id` inside
 * a span, then the line's own fields.
 * Secrets are masked by field path (`REDACTED_PATHS`) and by pattern in every string.
 */
export function createPinoLogger(service: string, level: PlatformConfig['LOG_LEVEL'] | 'silent', destination?: DestinationStream): PinoLogger {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => maskStrings(fields) as Record<string, unknown>,
      },
      // Inside a span, also its `trace_id` and `span_id` (OpenTelemetry's active span).
      mixin: () => {
        const correlationId = activeCorrelationId();
        const ids = activeTraceIds();
        return correlationId ? { correlation_id: correlationId, ...ids } : ids;
      },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

const NEST_LEVELS: Record<'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal', Level> = {
  log: 'info',
  error: 'error',
  warn: 'warn',
  debug: 'debug',
  verbose: 'debug',
  fatal: 'fatal',
};

function looksLikeStack(text: string): boolean {
  return /\n\s+at /.test(text);
}

/**
 * Nest's logger (the app's and every `new Logger(context)`), writing through pino. A message may
 * be a string, an Error, or an object whose fields go into the line (`msg` among them).
 */
export class PlatformLogger implements LoggerService {
  constructor(readonly pino: PinoLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write(NEST_LEVELS.log, message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write(NEST_LEVELS.error, message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write(NEST_LEVELS.warn, message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write(NEST_LEVELS.debug, message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write(NEST_LEVELS.verbose, message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write(NEST_LEVELS.fatal, message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    // Nest appends the logger's context last.
    const last = rest[rest.length - 1];
    if (typeof last === 'string' && !looksLikeStack(last)) {
      fields.context = last;
      rest.pop();
    }
    const details: unknown[] = [];
    for (const param of rest) {
      if (param === undefined) continue;
      if (typeof param === 'string' && looksLikeStack(param)) fields.stack = param;
      else if (param instanceof Error) fields.err = param;
      else if (param && typeof param === 'object' && !Array.isArray(param)) Object.assign(fields, param);
      else details.push(param);
    }
    if (details.length > 0) fields.details = details;
    if (message instanceof Error) {
      fields.err = message;
      this.pino[level](fields, message.message);
    } else if (message && typeof message === 'object' && !Array.isArray(message)) {
      const object = message as Record<string, unknown>;
      const msg = typeof object.msg === 'string' ? object.msg : typeof object.message === 'string' ? object.message : '';
      this.pino[level]({ ...fields, ...object, msg });
    } else {
      this.pino[level](fields, typeof message === 'string' ? message : JSON.stringify(message));
    }
  }
}

/** The logger a process's app runs with: LOG_LEVEL's lines, JSON, secrets masked. */
export function platformLogger(config: PlatformConfig, service: string): PlatformLogger {
  return new PlatformLogger(createPinoLogger(service, config.LOG_LEVEL));
}

const lifecycleLoggers = new Map<string, PinoLogger>();

/**
 * Start and stop lines (listening, shutting down, stopped, failed to start): written whatever
 * LOG_LEVEL says, as before, so an operator always sees a process come and go.
 */
export function lifecycleLogger(service: string): PinoLogger {
  let logger = lifecycleLoggers.get(service);
  if (!logger) {
    // Synchronous: these lines come right before process.exit.
    logger = createPinoLogger(service, 'info', pino.destination({ fd: 1, sync: true }));
    lifecycleLoggers.set(service, logger);
  }
  return logger;
}
