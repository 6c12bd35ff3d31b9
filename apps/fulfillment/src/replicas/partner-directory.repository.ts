import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { PartnerSnapshot } from '@spiffworks/contracts';
import { PartnerDirectoryEntry } from './partner-directory.entity';

/** Fulfillment's copy of the partners (`partner_directory`). */
@Injectable()
export class PartnerDirectoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Applies a partner snapshot unless a newer one is already here; true when it changed anything. */
  async upsert(manager: EntityManager, p: PartnerSnapshot): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO partner_directory (id, name, tier, status, version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, tier = EXCLUDED.tier,
         status = EXCLUDED.status, version = EXCLUDED.version
       WHERE partner_directory.version < EXCLUDED.version
       RETURNING id`,
      [p.id, p.name, p.tier, p.status, p.version],
    );
    return rows.length > 0;
  }

  /** The partner, read inside the transaction when one is given. */
  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<PartnerDirectoryEntry | null> {
    return manager.getRepository(PartnerDirectoryEntry).findOneBy({ id });
  }
}
