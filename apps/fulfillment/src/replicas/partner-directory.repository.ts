import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { PartnerSnapshot } from '@spiffworks/contracts';
import { PartnerDirectoryEntry } from './partner-directory.entity';

/** Fulfillment's copy of the partners (`partner_directory`). */
@Injectable()
export class PartnerDirectoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Applies partner snapshots, each unless a newer one is already here, in one statement however
   * many (a chunk of a partner import); of two snapshots of one partner the newer counts. Answers
   * the ids it changed.
   */
  async upsertMany(manager: EntityManager, snapshots: PartnerSnapshot[]): Promise<Set<string>> {
    if (snapshots.length === 0) return new Set();
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO partner_directory (id, name, tier, status, version)
       SELECT DISTINCT ON (p.id) p.id, p.name, p.tier, p.status, p.version
       FROM jsonb_to_recordset($1::jsonb) AS p(id uuid, name varchar, tier varchar, status varchar, version integer)
       ORDER BY p.id, p.version DESC
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, tier = EXCLUDED.tier,
         status = EXCLUDED.status, version = EXCLUDED.version
       WHERE partner_directory.version < EXCLUDED.version
       RETURNING id`,
      [JSON.stringify(snapshots.map(({ id, name, tier, status, version }) => ({ id, name, tier, status, version })))],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The partner, read inside the transaction when one is given. */
  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<PartnerDirectoryEntry | null> {
    return manager.getRepository(PartnerDirectoryEntry).findOneBy({ id });
  }
}
