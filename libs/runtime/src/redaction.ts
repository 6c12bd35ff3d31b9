import { ConsoleLogger } from '@nestjs/common';
import type { LogLevel } from '@nestjs/common';

const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer\s+)[A-Za-z0-9._~+/-]+=*/gi, '$1[REDACTED]'],
  // "password": "…", password=…, access_token: … (JSON, query strings, inspected objects)
  [/(["']?(?:password|passwd|new_password|current_password|secret|access_token|refresh_token|token|authorization)["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&}\]]+)/gi, '$1[REDACTED]'],
  // A JWT anywhere else (three base64url parts, the first a JSON header).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[REDACTED_TOKEN]'],
  // bcrypt hashes
  [/\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}/g, '[REDACTED_HASH]'],
];

/** Masks passwords, bearer tokens, JWTs and password hashes in a text meant for the logs. */
export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value instanceof Error) {
    const copy = new Error(redactSecrets(value.message));
    copy.name = value.name;
    copy.stack = value.stack && redactSecrets(value.stack);
    return copy;
  }
  if (value && typeof value === 'object') {
    try {
      return JSON.parse(redactSecrets(JSON.stringify(value))) as unknown;
    } catch {
      return '[unserializable]';
    }
  }
  return value;
}

/**
 * Every process's logger (Nest's and, through Nest, every `new Logger(...)`): the console logger
 * with secrets masked in every message and parameter, whoever logs them.
 */
export class RedactingLogger extends ConsoleLogger {
  constructor(levels: LogLevel[]) {
    super();
    this.setLogLevels(levels);
  }

  override log(message: unknown, ...params: unknown[]): void {
    super.log(redactValue(message), ...params.map(redactValue));
  }

  override error(message: unknown, ...params: unknown[]): void {
    super.error(redactValue(message), ...params.map(redactValue));
  }

  override warn(message: unknown, ...params: unknown[]): void {
    super.warn(redactValue(message), ...params.map(redactValue));
  }

  override debug(message: unknown, ...params: unknown[]): void {
    super.debug(redactValue(message), ...params.map(redactValue));
  }

  override verbose(message: unknown, ...params: unknown[]): void {
    super.verbose(redactValue(message), ...params.map(redactValue));
  }

  override fatal(message: unknown, ...params: unknown[]): void {
    super.fatal(redactValue(message), ...params.map(redactValue));
  }
}
