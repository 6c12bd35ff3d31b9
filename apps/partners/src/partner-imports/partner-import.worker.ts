import { Inject, Injectable } from '@nestjs/common';
import { headerColumnName } from '@spiffworks/contracts';
import type { PARTNER_IMPORT_OPTIONAL_COLUMNS } from '@spiffworks/contracts';
import { ImportWorker } from '@spiffworks/imports';
import type { ImportRecord, RowOutcome, UnweighedRow } from '@spiffworks/imports';
import { Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { PasswordHashingThread } from '../identity/password-hashing-thread';
import { UsersRepository } from '../identity/users.repository';
import { PartnersRepository } from '../partners/partners.repository';
import { PartnersService } from '../partners/partners.service';
import { decideRows } from './imported-partners';
import type { RowToWeigh, StagedPartner } from './imported-partners';
import { PARTNER_IMPORTS } from './partner-import-kind';
import { PartnerImportRowsRepository, PartnerImportsRepository } from './partner-imports.repository';
import { SealedPasswords } from './sealed-passwords';

/**
 * Rows per chunk: one transaction of a few set-based statements and one event (of ~200 bytes per
 * partner). Twice an append: the per-chunk costs (locks, the status row, the commit) halve, and a
 * chunk's transaction stays well under a second.
 */
export const PARTNER_IMPORT_CHUNK_ROWS = 2_000;

const PASSWORD_COLUMN: (typeof PARTNER_IMPORT_OPTIONAL_COLUMNS)[number] = 'password';

/**
 * Weighs queued partner files a chunk per transaction (every import's worker): each row is a
 * partner exactly as `POST /api/partners` registers it — the same duplicate rules in row order,
 * the same snapshot — set-based: a few statements per chunk however many rows, and one
 * `partner.imported` event. No row's bcrypt runs in the chunk's transaction, let alone on the
 * request path: a row's password is hashed before its chunk (`prepare`), a row without one gets an
 * invite (no hashing at all).
 */
@Injectable()
export class PartnerImportWorker extends ImportWorker<StagedPartner> {
  protected override readonly prepares = true;

  constructor(
    transactions: Transactions,
    imports: PartnerImportsRepository,
    private readonly importRows: PartnerImportRowsRepository,
    private readonly partnerRecords: PartnersRepository,
    private readonly users: UsersRepository,
    private readonly partners: PartnersService,
    @Inject(SealedPasswords) private readonly sealed: SealedPasswords,
  ) {
    super(PARTNER_IMPORTS, transactions, imports, importRows, PARTNER_IMPORT_CHUNK_ROWS);
  }

  /** bcrypt off the event loop: the service answers its RPCs while a file's passwords are hashed. */
  private readonly hasher = new PasswordHashingThread();

  override async beforeApplicationShutdown(): Promise<void> {
    await super.beforeApplicationShutdown();
    await this.hasher.stop();
  }

  /** Hashes the sealed passwords of the next chunk's rows (bcrypt, the cost `POST /api/partners` uses, on its own thread), holding no lock meanwhile. */
  protected override async prepare(record: ImportRecord, chunkRows: number): Promise<void> {
    // A file without a password column has no password to hash: no need to read the chunk ahead (a third of a chunk's reads).
    if (!namesPasswords(record)) return;
    const hashes: Array<{ row: number; hash: string }> = [];
    for (const { row, sealed_password: sealed } of await this.importRows.sealedAmongNext(record.id, chunkRows)) {
      hashes.push({ row, hash: await this.hasher.hash(this.sealed.open(sealed)) });
    }
    await this.importRows.storePasswordHashes(record.id, hashes);
  }

  protected async weigh(chunk: Transaction, rows: Array<UnweighedRow<StagedPartner>>, record: ImportRecord): Promise<RowOutcome[]> {
    const { manager } = chunk;
    const owners = await this.partnerRecords.contactEmailOwners(manager, rows.map((r) => String(r.payload.contact_email ?? '').trim()));
    const registeredBy = await this.importRows.rowsThatRegistered(manager, record.id, owners.flatMap((o) => (o.partner_id ? [o.partner_id] : [])));
    const toWeigh = rows.map(({ row, payload }, i): RowToWeigh => {
      const owner = owners[i].partner_id;
      return { row, partner: payload, key: owners[i].key, taken_by: owner ? { partner_id: owner, row: registeredBy.get(owner) ?? null } : null };
    });
    const takenUsers = await this.users.emailsTaken(manager, rows.map((r) => String(r.payload.contact_email ?? '').trim().toLowerCase()));
    const decisions = decideRows(toWeigh, takenUsers);
    const accepted = decisions.flatMap((d, i) => (d.accepted ? [toWeigh[i]] : []));
    const registered = await this.partners.registerImported(chunk, record.id, await Promise.all(accepted.map(async ({ row, partner }) => ({
      row,
      partner: { name: partner.name, tier: partner.tier, contact_email: partner.contact_email, status: partner.status },
      // Hashed by `prepare`; a row it did not see (another replica's look ahead) is hashed here.
      password_hash: partner.password_hash ?? (partner.sealed_password ? await this.hasher.hash(this.sealed.open(partner.sealed_password)) : null),
    }))));
    const withSecrets = rows.filter((r) => r.payload.sealed_password || r.payload.password_hash).map((r) => r.row);
    if (withSecrets.length) await this.importRows.forgetPasswords(manager, record.id, withSecrets);
    return decisions.map((d): RowOutcome => (d.accepted
      ? { row: d.row, outcome: 'accepted', result_id: registered.get(d.row)! }
      : { row: d.row, outcome: 'rejected', field: d.field, reason: d.reason }));
  }
}

/**
 * Whether the file's header names the optional `password` column, read as the gateway reads it.
 * Without it, no row carries one; a row that did anyway is hashed in its chunk.
 */
function namesPasswords(record: ImportRecord): boolean {
  return record.header.some((cell) => headerColumnName(cell) === PASSWORD_COLUMN);
}
