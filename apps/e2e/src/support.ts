import type { PlatformConfig } from '@spiffworks/runtime';
import { GatewayClient, PlatformProcesses, isolatedConfig, removeNamespace } from '@spiffworks/testing';

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

export interface CreatedPartner {
  id: string;
  email: string;
  token?: string;
}

let counter = 0;

/** Creates a partner through the gateway, approves it unless told not to, and logs it in. */
export async function createPartner(
  api: GatewayClient,
  adminToken: string,
  tier: string,
  options: { approve?: boolean; login?: boolean; name?: string } = {},
): Promise<CreatedPartner> {
  const email = `partner-${Date.now()}-${counter++}@example.com`;
  const password = 'partner-password-1';
  const created = await api.post('/api/partners', {
    name: options.name ?? `Partner ${counter}`,
    tier,
    contact_email: email,
    ...(options.login !== false && { password }),
  }, adminToken);
  if (created.status !== 201) throw new Error(`create partner: ${created.status} ${JSON.stringify(created.body)}`);
  if (options.approve !== false) {
    const approved = await api.post(`/api/partners/${created.body.id}/approve`, {}, adminToken);
    if (approved.status !== 200) throw new Error(`approve partner: ${approved.status} ${JSON.stringify(approved.body)}`);
  }
  const token = options.login === false ? undefined : await api.login(email, password);
  return { id: created.body.id, email, token };
}

export interface RunningPlatform {
  config: PlatformConfig;
  platform: PlatformProcesses;
  api: GatewayClient;
  /** The first admin's token. */
  admin: string;
}

export const E2E_ADMIN = { email: 'admin@e2e.example', password: 'e2e-admin-password' };

/** The whole platform as processes in a namespace of its own, signed in as the first admin. */
export async function startPlatform(overrides: Record<string, string> = {}): Promise<RunningPlatform> {
  const config = isolatedConfig({ ADMIN_EMAIL: E2E_ADMIN.email, ADMIN_PASSWORD: E2E_ADMIN.password, ...overrides });
  const platform = await PlatformProcesses.launch(config);
  const api = new GatewayClient(platform.gatewayUrl);
  return { config, platform, api, admin: await api.login(E2E_ADMIN.email, E2E_ADMIN.password) };
}

export async function stopPlatform(running: RunningPlatform | undefined): Promise<void> {
  if (!running) return;
  await running.platform.stop();
  await removeNamespace(running.config);
}
