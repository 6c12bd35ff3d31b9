import type { TierRates } from '@spiffworks/contracts';
import type { GatewayClient } from '@spiffworks/testing';
import { Progress, forEachLimited } from './progress';

export const PARTNER_TIERS_CYCLE = ['bronze', 'silver', 'gold', 'platinum'] as const;

export interface SeededPartner {
  id: string;
  tier: string;
  token?: string;
}

/** Creates and approves `count` partners through the gateway; those with `withLogin` also sign in. */
export async function seedPartners(
  api: GatewayClient,
  admin: string,
  count: number,
  options: { label: string; tier?: (index: number) => string; withLogin?: boolean; concurrency?: number },
): Promise<SeededPartner[]> {
  const run = `${Date.now().toString(36)}`;
  const partners = new Array<SeededPartner>(count);
  const progress = new Progress(options.label, count);
  await forEachLimited(Array.from({ length: count }, (_, i) => i), options.concurrency ?? 32, async (i) => {
    const tier = options.tier?.(i) ?? PARTNER_TIERS_CYCLE[i % PARTNER_TIERS_CYCLE.length];
    const email = `bench-${run}-${i}@partners.example`;
    const password = 'bench-partner-password';
    const created = await expectStatus(api.post('/api/partners', { name: `Bench Partner ${i}`, tier, contact_email: email, ...(options.withLogin && { password }) }, admin), 201, 'create partner');
    await expectStatus(api.post(`/api/partners/${created.id}/approve`, {}, admin), 200, 'approve partner');
    partners[i] = { id: created.id, tier, token: options.withLogin ? await api.login(email, password) : undefined };
  }, progress);
  progress.done();
  return partners;
}

export interface SeededProduct {
  id: string;
  name: string;
  /** Percent of revenue; `commission_rates` by tier where it differs. */
  commission_rate: number;
  commission_rates: TierRates;
}

export async function seedProduct(api: GatewayClient, admin: string, name: string): Promise<SeededProduct> {
  const rates = { commission_rate: 10, commission_rates: { gold: 12, platinum: 15 } };
  const body = { name, sku: `SKU-${name.replace(/\W+/g, '-').toUpperCase()}-${Date.now().toString(36)}`, ...rates };
  const created = await expectStatus(api.post('/api/products', body, admin), 201, 'create product');
  return { id: created.id, name, ...rates };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies of many shapes, read by field
export async function expectStatus(request: Promise<{ status: number; body: any }>, status: number, what: string): Promise<any> {
  const response = await request;
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
