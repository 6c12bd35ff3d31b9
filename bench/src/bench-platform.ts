import { randomBytes } from 'node:crypto';
import type { PlatformConfig } from '@spiffworks/runtime';
import { GatewayClient, PLATFORM_SERVICES, PlatformProcesses, isolatedConfig, removeNamespace } from '@spiffworks/testing';
import type { PlatformService } from '@spiffworks/testing';

/** Secrets of this run only: the platform runs in production mode, which refuses published ones. */
export const BENCH_ADMIN = { email: 'admin@bench.example', password: randomBytes(18).toString('base64url') };
const BENCH_JWT_SECRET = randomBytes(32).toString('hex');

export interface BenchPlatform {
  config: PlatformConfig;
  platform: PlatformProcesses;
  api: GatewayClient;
  admin: string;
  services: readonly PlatformService[];
}

/**
 * The whole platform as production-like processes (one per service, built in dist/) in a
 * namespace of its own. Settings are the defaults a deployment gets, except that the outbox
 * relay polls as a deployment would configure it and logins are not rate-limited for seeding.
 */
export async function startBenchPlatform(nodeArgs: string[] = []): Promise<BenchPlatform> {
  const config = isolatedConfig({
    NODE_ENV: 'production',
    JWT_SECRET: BENCH_JWT_SECRET,
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    LOGIN_RATE_LIMIT: '100000',
    LOG_LEVEL: 'warn',
  });
  const platform = await PlatformProcesses.launch(config, nodeArgs);
  const api = new GatewayClient(platform.gatewayUrl);
  return { config, platform, api, admin: await api.login(BENCH_ADMIN.email, BENCH_ADMIN.password), services: PLATFORM_SERVICES };
}

export async function stopBenchPlatform(bench: BenchPlatform, keep = false): Promise<void> {
  await bench.platform.stop();
  if (!keep) await removeNamespace(bench.config);
}
