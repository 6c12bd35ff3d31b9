import { Rpc } from '@spiffworks/contracts';
import type { AuthenticatedUser } from '@spiffworks/auth';
import type { PlatformServices } from '../platform/platform-services';

/**
 * Adds `changed_by_email` to the entries of an audit trail (a ledger line's history), with one RPC
 * to the partners service (which owns the users) for the whole trail, so an admin reads who acted,
 * not a user id. An entry by the platform itself (`changed_by` null), or by a user since deleted,
 * gets `null`.
 */
export async function withUserEmails<T extends { changed_by: string | null }>(
  services: PlatformServices,
  entries: T[],
  user: AuthenticatedUser,
): Promise<Array<T & { changed_by_email: string | null }>> {
  const ids = [...new Set(entries.flatMap((e) => (e.changed_by ? [e.changed_by] : [])))];
  const emails = ids.length > 0 ? await services.call(Rpc.partners.UserEmails, { ids }, user) : {};
  return entries.map((entry) => ({ ...entry, changed_by_email: entry.changed_by ? (emails[entry.changed_by] ?? null) : null }));
}
