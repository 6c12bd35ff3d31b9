import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@spiffworks/contracts';
import type { Actor, AppendPartnerImportRowsCommand, PartnerImportPageQuery, PartnerInvitesPage } from '@spiffworks/contracts';
import { ImportReceiving } from '@spiffworks/imports';
import { ServiceFailure } from '@spiffworks/messaging';
import { PLATFORM_CONFIG, Transactions } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import type { EntityManager } from 'typeorm';
import { InviteTokens } from '../identity/invite-tokens';
import { InvitesRepository } from '../identity/invites.repository';
import { PARTNER_IMPORTS } from './partner-import-kind';
import { PartnerImportWorker } from './partner-import.worker';
import { PartnerImportRowsRepository, PartnerImportsRepository } from './partner-imports.repository';
import { SealedPasswords } from './sealed-passwords';

const HOUR_MS = 3_600_000;

/**
 * A partner file's import as the gateway streams it in (every import's receiving), admin only. A
 * row's password is sealed the moment it arrives and forgotten once the row is weighed or its
 * import fails. The invites of an import are read back (invites.csv) for `INVITE_LINKS_HOURS`
 * after it finished; then they are gone for good.
 */
@Injectable()
export class PartnerImportsService extends ImportReceiving {
  private readonly importRows: PartnerImportRowsRepository;

  constructor(
    transactions: Transactions,
    imports: PartnerImportsRepository,
    rows: PartnerImportRowsRepository,
    worker: PartnerImportWorker,
    private readonly invites: InvitesRepository,
    private readonly tokens: InviteTokens,
    @Inject(SealedPasswords) private readonly sealed: SealedPasswords,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {
    super(PARTNER_IMPORTS, transactions, imports, rows, worker);
    this.importRows = rows;
  }

  /** Stores the rows, each password sealed first (the staging table never holds one readable). */
  override append(command: AppendPartnerImportRowsCommand, actor: Actor): Promise<{ rows_received: number }> {
    const rows = Array.isArray(command.rows) ? command.rows.map((r) => this.sealPassword(r)) : command.rows;
    return super.append({ ...command, rows }, actor);
  }

  /** A failed import's rows are never weighed: what they held of passwords goes with the failure. */
  protected override async onFailed(manager: EntityManager, id: string): Promise<void> {
    await this.importRows.forgetPasswords(manager, id, 'all');
  }

  /**
   * One page of invites.csv: the import's invites still waiting after `after_row`, each with its
   * token (derived again, never stored), admins only and only `INVITE_LINKS_HOURS` after the import
   * finished (410 after). An invite whose token the platform secret no longer derives (the secret
   * was rotated) is left out: its link would not work.
   */
  async invitesPage(query: PartnerImportPageQuery, actor: Actor): Promise<PartnerInvitesPage> {
    if (actor.role !== 'admin') throw new ServiceFailure(ErrorCode.FORBIDDEN, 'only an admin reads the invites of a partner import');
    const { record, afterRow, limit } = await this.pageOf(query, actor);
    if (record.finished_at && new Date(record.finished_at).getTime() + this.config.INVITE_LINKS_HOURS * HOUR_MS < Date.now()) {
      throw new ServiceFailure(
        ErrorCode.INVITE_LINKS_WITHDRAWN,
        `the invite links of partner import ${record.id} were shown for ${this.config.INVITE_LINKS_HOURS} hours after it finished and are gone; the invites still work until they expire`,
      );
    }
    const waiting = await this.invites.waitingOfImport(record.id, afterRow, limit + 1);
    const page = waiting.slice(0, limit);
    const invites = page.flatMap((i) => {
      const token = this.tokens.tokenOf(i.id);
      return this.tokens.hashOf(token) === i.token_hash.trim()
        ? [{ row: i.row, name: i.name, contact_email: i.contact_email, token, expires_at: new Date(i.expires_at).toISOString() }]
        : [];
    });
    return { invites, next_after_row: waiting.length > limit ? page[page.length - 1].row : null };
  }

  private sealPassword(row: unknown): unknown {
    const partner = (row as { partner?: { password?: unknown } } | null)?.partner;
    if (!partner || typeof partner !== 'object' || typeof partner.password !== 'string') return row;
    const { password, ...rest } = partner;
    return { ...(row as object), partner: { ...rest, sealed_password: this.sealed.seal(password as string) } };
  }
}
