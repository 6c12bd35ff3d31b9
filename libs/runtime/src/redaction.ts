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
