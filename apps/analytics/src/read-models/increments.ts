import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { beforeCommit } from '@spiffworks/messaging';
import { PartnerSummariesRepository } from '../partner-metrics/partner-summaries.repository';
import { AggregateRowsRepository } from './aggregate-rows.repository';
import { PendingIncrements } from './pending-increments';

/**
 * The aggregate tables and their keys; column names only ever come from this code, never from
 * input. Written in this order, platform totals (the row every sale touches) last and shortest.
 */
const KEYS = {
  partner_summaries: ['partner_id'],
  daily_facts: ['day', 'partner_id', 'product_id', 'tier'],
  daily_tier_facts: ['tier', 'day'],
  daily_platform_facts: ['day'],
  daily_product_facts: ['product_id', 'day'],
  daily_spiff_facts: ['spiff_id', 'day', 'partner_id', 'product_id'],
  daily_spiff_totals: ['spiff_id', 'day'],
  spiff_summaries: ['spiff_id'],
  spiff_partners: ['spiff_id', 'partner_id'],
  platform_totals: ['id'],
} as const;

export type AggregateTable = keyof typeof KEYS;

/** A counter or a sum: integers as numbers, money as decimal strings (never float arithmetic). */
export type Increment = number | string;

/** What a transaction has added to the aggregates so far, written just before it commits. */
interface HeldAggregates {
  increments: Map<AggregateTable, PendingIncrements>;
  /** Names from sales for partners analytics has no snapshot of yet. */
  partnerNames: Map<string, string>;
}

/**
 * Per transaction, not per instance: the events of one inbox batch reach several features in one
 * transaction, and all they add must be written by one hook, in the one table order.
 */
const held = new WeakMap<EntityManager, HeldAggregates>();

/**
 * What the events add to the aggregate tables. An addition is held until the transaction is
 * about to commit (every transaction of `Transactions` and of the inbox runs its before-commit
 * hooks), then written with the rest: one upsert per table for a whole batch of events, the same
 * result whatever order the events arrive in.
 */
@Injectable()
export class AggregateIncrements {
  constructor(
    private readonly rows: AggregateRowsRepository,
    private readonly partners: PartnerSummariesRepository,
  ) {}

  /**
   * Adds to an aggregate row, creating it (other columns at their defaults) when it is missing.
   * Synchronous: it only holds the addition (a file's chunk makes tens of thousands of them).
   */
  addTo(manager: EntityManager, table: AggregateTable, key: Record<string, unknown>, increments: Record<string, Increment>): void {
    if (Object.keys(increments).length === 0) return;
    const pending = this.heldBy(manager).increments;
    const rows = pending.get(table) ?? new PendingIncrements(KEYS[table]);
    pending.set(table, rows);
    rows.add(key, increments);
  }

  /** Names a partner that has no snapshot yet (version 0); a partner snapshot stays the authority. */
  nameIfUnnamed(manager: EntityManager, partnerId: string, name: string): void {
    this.heldBy(manager).partnerNames.set(partnerId, name);
  }

  private heldBy(manager: EntityManager): HeldAggregates {
    const existing = held.get(manager);
    if (existing) return existing;
    const created: HeldAggregates = { increments: new Map(), partnerNames: new Map() };
    held.set(manager, created);
    beforeCommit(manager, () => {
      held.delete(manager);
      return this.writeHeld(manager, created);
    });
    return created;
  }

  private async writeHeld(manager: EntityManager, aggregates: HeldAggregates): Promise<void> {
    for (const table of Object.keys(KEYS) as AggregateTable[]) {
      const rows = aggregates.increments.get(table);
      if (rows) await this.rows.addIncrements(manager, table, KEYS[table], rows.sortedRows());
    }
    if (aggregates.partnerNames.size > 0) await this.partners.nameUnnamed(manager, aggregates.partnerNames);
  }
}
