/**
 * Secrets that are public because they are written in this repository (the config defaults, the
 * compose file, the k8s overlays, the README and docs/, the .env example, the bench).
 * With NODE_ENV=production a process refuses to start with any of them.
 * `public-secrets.spec.ts` reads those files and fails when a value there is missing here, so a new
 * public value cannot slip in: add it to the right list below.
 */

/** The development default of JWT_SECRET (libs/runtime/src/config.ts). */
export const DEV_JWT_SECRET = 'spiffworks-dev-secret-change-me';

/** The development default of ADMIN_PASSWORD (libs/runtime/src/config.ts, README Quickstart, docs/configuration.md). */
export const DEFAULT_ADMIN_PASSWORD = 'spiffworks-admin';

export const PUBLIC_JWT_SECRETS: readonly string[] = [
  DEV_JWT_SECRET,
  'compose-dev-jwt-secret-change-me', // docker-compose.yml before secrets came from .env
  'dev-only-jwt-secret-change-me', // k8s/overlays/dev
  'bench-secret-not-for-production-use', // bench/src/bench-platform.ts
];

export const PUBLIC_ADMIN_PASSWORDS: readonly string[] = [
  DEFAULT_ADMIN_PASSWORD,
  'bench-admin-password', // bench/src/bench-platform.ts
];
