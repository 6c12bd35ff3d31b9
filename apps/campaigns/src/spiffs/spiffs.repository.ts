import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { Spiff } from './spiff.entity';
import { pageOf } from '@spiffworks/persistence';

export type NewSpiff = Omit<Spiff, 'created_at' | 'budget_version'> & { budget_version?: number };

/** What an update may change of a running spiff: its terms only ever grow (see `checkSpiffGrowth`). */
export type SpiffChanges = Pick<Spiff, 'name' | 'description' | 'end_date' | 'target_products' | 'target_tiers' | 'target_partners' | 'proof_required'>
  & Partial<Pick<Spiff, 'budget_amount' | 'per_partner_cap' | 'budget_version'>>;

/** Every statement on `spiffs`. Writes and locks take the transaction's EntityManager. */
@Injectable()
export class SpiffsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The spiff as stored (with its creation time). */
  async insert(manager: EntityManager, fields: NewSpiff): Promise<Spiff> {
    const repo = manager.getRepository(Spiff);
    const spiff = repo.create(fields);
    await repo.insert(spiff);
    return repo.findOneByOrFail({ id: spiff.id });
  }

  /** The spiff, locked `FOR UPDATE` until the transaction ends; null when there is none. */
  findForUpdate(manager: EntityManager, id: string): Promise<Spiff | null> {
    return manager.getRepository(Spiff).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async cancel(manager: EntityManager, id: string, on: string): Promise<void> {
    await manager.getRepository(Spiff).update({ id }, { status: 'cancelled', cancelled_on: on });
  }

  async change(manager: EntityManager, id: string, changes: SpiffChanges): Promise<void> {
    await manager.getRepository(Spiff).update({ id }, changes);
  }

  get(manager: EntityManager, id: string): Promise<Spiff> {
    return manager.getRepository(Spiff).findOneByOrFail({ id });
  }

  findById(id: string): Promise<Spiff | null> {
    return this.dataSource.getRepository(Spiff).findOneBy({ id });
  }

  /** Newest first, and how many there are in all. */
  page(page: number, pageSize: number): Promise<[Spiff[], number]> {
    return pageOf(this.dataSource.getRepository(Spiff).createQueryBuilder('s').orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'ASC'), page, pageSize);
  }
}
