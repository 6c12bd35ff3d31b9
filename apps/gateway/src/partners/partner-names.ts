import { Rpc } from '@spiffworks/contracts';
import type { AuthenticatedUser } from '@spiffworks/auth';
import type { PlatformServices } from '../platform/platform-services';

/**
 * Adds `partner_name` to items that carry a `partner_id` (ledger lines, assignments), with one RPC to
 * the partners service for the whole page, so an admin list shows partners by name. A partner the
 * partners service does not know (never the case in practice) gets `null`.
 */
export async function withPartnerNames<T extends { partner_id: string }>(
  services: PlatformServices,
  items: T[],
  user: AuthenticatedUser,
): Promise<Array<T & { partner_name: string | null }>> {
  if (items.length === 0) return [];
  const names = await services.call(Rpc.partners.Names, { ids: [...new Set(items.map((i) => i.partner_id))] }, user);
  return items.map((item) => ({ ...item, partner_name: names[item.partner_id] ?? null }));
}
