import type { PlatformConfig } from '@spiffworks/runtime';
import { GatewayClient, PlatformProcesses, eventually, isolatedConfig, removeNamespace } from '@spiffworks/testing';
import type { PlatformService } from '@spiffworks/testing';
import type { Opportunity } from '@spiffworks/contracts';

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

/** One JSON log line as the services print it. */
export interface LogLine {
  level: string;
  time: string;
  service: string;
  msg: string;
  correlation_id?: string;
  [field: string]: unknown;
}

/** Every JSON line a service printed (anything else, e.g. a Node warning, is skipped). */
export function logLines(running: RunningPlatform, service: PlatformService): LogLine[] {
  return running.platform.logs(service).split('\n').filter((line) => line.startsWith('{')).flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

/** What a first sale needs: a laptop (10 %, gold 12 %), a gold partner, and a $100/unit spiff on it for gold, delivered to the partner. */
export interface FirstSaleProgram {
  laptop: string;
  partner: CreatedPartner;
}

/** Sets up a `FirstSaleProgram` (the seed's, January to March 2025) and waits until the partner holds the spiff's opportunity. */
export async function firstSaleProgram({ api, admin }: RunningPlatform, sku: string): Promise<FirstSaleProgram> {
  const laptop = (await api.post('/api/products', { name: 'Traced Laptop', sku, commission_rate: 10, commission_rates: { gold: 12 } }, admin)).body.id;
  const partner = await createPartner(api, admin, 'gold', { name: 'Traced Partner' });
  const spiff = await api.post('/api/spiffs', {
    name: 'Traced Promotion', target_products: [laptop], assignment_type: 'tier', target_tiers: ['gold'],
    incentive_amount: 100, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-03-31',
  }, admin);
  if (spiff.status !== 201) throw new Error(`create spiff: ${spiff.status} ${JSON.stringify(spiff.body)}`);
  await eventually(
    async () => (await api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', partner.token)).body.opportunities,
    (list) => list.some((o) => o.spiff?.id === spiff.body.id),
  );
  return { laptop, partner };
}

