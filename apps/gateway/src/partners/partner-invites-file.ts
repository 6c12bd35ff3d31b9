import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { csvRow } from '@spiffworks/contracts';
import type { PartnerInvitesPage } from '@spiffworks/contracts';
import { importRowsFile } from '../imports/import-errors-file';

/** invites.csv's columns. */
export const INVITE_LINK_COLUMNS = ['row', 'name', 'contact_email', 'invite_url', 'expires_at'] as const;

/** The portal's page that accepts an invite; the token rides in the fragment, which no server ever receives or logs. */
export function inviteUrl(portalOrigin: string, token: string): string {
  return `${portalOrigin.replace(/\/+$/, '')}/invite#token=${token}`;
}

/**
 * invites.csv as a stream: one line per invite still waiting, by row, with the link its partner
 * user opens to choose a password; the partners service's pages asked one at a time as the client
 * reads (like errors.csv).
 */
export function partnerInvitesFile(pages: (afterRow: number) => Promise<PartnerInvitesPage>, portalOrigin: string): Promise<Readable> {
  return importRowsFile(async (afterRow) => {
    const page = await pages(afterRow);
    const csv = page.invites.map((i) => `${csvRow([i.row, i.name, i.contact_email, inviteUrl(portalOrigin, i.token), i.expires_at])}\n`).join('');
    return { csv, next_after_row: page.next_after_row };
  }, () => INVITE_LINK_COLUMNS);
}

/** The admin's own request's origin (Express's protocol, which follows TRUST_PROXY, and its Host): where its portal is. */
export function originOf(req: IncomingMessage): string {
  const express = req as IncomingMessage & { protocol?: string; get?: (name: string) => string | undefined };
  return `${express.protocol ?? 'http'}://${express.get?.('host') ?? req.headers.host ?? 'localhost'}`;
}
