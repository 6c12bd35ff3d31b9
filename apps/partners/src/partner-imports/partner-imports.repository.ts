import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { ImportRowsRepository, ImportsRepository } from '@spiffworks/imports';
import { PARTNER_IMPORTS } from './partner-import-kind';
import type { StagedPartner } from './imported-partners';

/** Every statement on `partner_imports` (the imports' shared statements, for this table). */
@Injectable()
export class PartnerImportsRepository extends ImportsRepository {
  constructor(dataSource: DataSource) {
    super(dataSource, PARTNER_IMPORTS);
  }
}

/** Every statement on `partner_import_rows`; a row's payload is the partner it says, its password sealed, then hashed. */
@Injectable()
export class PartnerImportRowsRepository extends ImportRowsRepository<StagedPartner> {
  constructor(dataSource: DataSource) {
    super(dataSource, PARTNER_IMPORTS);
  }

  /** Partner id → the row of this import that registered it, for those of `partnerIds` it did. */
  async rowsThatRegistered(manager: EntityManager, importId: string, partnerIds: string[]): Promise<Map<string, number>> {
    if (partnerIds.length === 0) return new Map();
    const rows: Array<{ partner_id: string; row: number }> = await manager.query(
      `SELECT partner_id, row FROM ${this.table} WHERE partner_id = ANY ($2::uuid[]) AND import_id = $1`,
      [importId, partnerIds],
    );
    return new Map(rows.map((r) => [r.partner_id, r.row]));
  }

  /** Of the import's next `limit` unweighed rows, those whose password is still sealed (read outside any transaction: a look ahead). */
  sealedAmongNext(importId: string, limit: number): Promise<Array<{ row: number; sealed_password: string }>> {
    return this.dataSource.query(
      `SELECT n.row, n.${this.payload}->>'sealed_password' AS sealed_password
       FROM (SELECT row, ${this.payload} FROM ${this.table} WHERE import_id = $1 AND outcome IS NULL ORDER BY row LIMIT $2) n
       WHERE n.${this.payload} ? 'sealed_password'`,
      [importId, limit],
    );
  }

  /** Replaces sealed passwords by their hashes, on rows not weighed yet. */
  async storePasswordHashes(importId: string, hashes: Array<{ row: number; hash: string }>): Promise<void> {
    if (hashes.length === 0) return;
    await this.dataSource.query(
      `UPDATE ${this.table} r SET ${this.payload} = (r.${this.payload} - 'sealed_password') || jsonb_build_object('password_hash', h.hash)
       FROM unnest($2::int[], $3::text[]) AS h(row, hash)
       WHERE r.import_id = $1 AND r.row = h.row AND r.outcome IS NULL AND r.${this.payload} ? 'sealed_password'`,
      [importId, hashes.map((h) => h.row), hashes.map((h) => h.hash)],
    );
  }

  /** Drops what the rows kept of their passwords (sealed or hashed): once weighed, or when their import failed. */
  async forgetPasswords(manager: EntityManager, importId: string, rows: number[] | 'all'): Promise<void> {
    await manager.query(
      `UPDATE ${this.table} SET ${this.payload} = ${this.payload} - 'sealed_password' - 'password_hash'
       WHERE import_id = $1 AND ($2::int[] IS NULL OR row = ANY ($2::int[]))
         AND (${this.payload} ? 'sealed_password' OR ${this.payload} ? 'password_hash')`,
      [importId, rows === 'all' ? null : rows],
    );
  }
}
