import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import type { CommissionExportCursor, CommissionFilters, CommissionStatus, ListCommissionsQuery } from '@spiffworks/contracts';
import { eachTextRow, pageOf } from '@spiffworks/persistence';
import type { TextRow } from '@spiffworks/persistence';
import { CommissionLine } from './commission-line.entity';

/** A line to book: all of it but what the ledger stamps itself (id, payout reference, timestamps). */
export type NewCommissionLine = Omit<CommissionLine, 'id' | 'payout_reference' | 'created_at' | 'updated_at' | 'dispute_id' | 'invoice_number' | 'invoice_key'> & {
  dispute_id?: string | null;
  invoice_number?: string | null;
  invoice_key?: string | null;
};

/** What makes a booking unique (each is a unique key of the table): the sale, the achievement, the return, the line taken back, the dispute. */
export type BookingKey = Partial<Pick<CommissionLine, 'kind' | 'sale_id' | 'milestone_achievement_id' | 'return_id' | 'reverses_line_id' | 'dispute_id'>>;

/** The lines that took back from a line: a sale's clawbacks, or a reward's clawbacks. */
export type TakenBackFrom = { kind: 'clawback'; sale_id: string } | { kind: 'reward_clawback'; reverses_line_id: string };

/**
 * The payout file's cells (COMMISSION_EXPORT_COLUMNS), as the database writes them: amounts as
 * their numeric text (`-120.00`), the sale date as YYYY-MM-DD, created_at as ISO UTC to the
 * millisecond (truncated, as a JS Date of it would print). Then the page's cursor. Selected as one
 * expression: TypeORM would put a selection naming an entity column before the others, and a text
 * row's cells are known by their place.
 */
const EXPORTED_CELLS = [
  'l.id', 'l.partner_id', 'l.kind', 'l.sale_id', `to_char(l.sale_date, 'YYYY-MM-DD')`, 'l.revenue', 'l.commission_amount', 'l.spiff_bonus',
  'l.reward_amount', 'l.total_commission', 'l.status', 'l.payout_reference', `to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  'l.created_at::text',
] as const;

/** What a `commission.*` event carries of a line (`commissionChanged`). */
export type BookedLine = Pick<
  CommissionLine,
  'id' | 'kind' | 'partner_id' | 'tier' | 'sale_id' | 'return_id' | 'sale_date' | 'product_id' | 'revenue' | 'commission_amount' | 'spiff_bonus' |
  'reward_amount' | 'total_commission' | 'spiffs_applied' | 'status'
>;

/** The columns a new line is given, with their types: the record `jsonb_to_recordset` reads (a key a line leaves out is null). */
const NEW_LINE_COLUMNS = [
  ['kind', 'varchar'], ['partner_id', 'uuid'], ['tier', 'varchar'], ['sale_id', 'uuid'], ['product_id', 'uuid'], ['milestone_achievement_id', 'uuid'],
  ['return_id', 'uuid'], ['reverses_line_id', 'uuid'], ['dispute_id', 'uuid'], ['sale_date', 'date'], ['invoice_number', 'varchar'], ['invoice_key', 'varchar'],
  ['revenue', 'numeric'], ['commission_amount', 'numeric'], ['spiff_bonus', 'numeric'], ['reward_amount', 'numeric'], ['total_commission', 'numeric'],
  ['spiffs_applied', 'jsonb'], ['spiff_ids', 'uuid[]'], ['trace', 'jsonb'], ['status', 'varchar'], ['status_reason', 'text'],
] as const satisfies ReadonlyArray<readonly [keyof NewCommissionLine, string]>;

const BOOKED_LINE_COLUMNS: ReadonlyArray<keyof BookedLine> = [
  'id', 'kind', 'partner_id', 'tier', 'sale_id', 'return_id', 'sale_date', 'product_id', 'revenue', 'commission_amount', 'spiff_bonus', 'reward_amount',
  'total_commission', 'spiffs_applied', 'status',
];

const INSERT_LINES_FROM_JSON = `
  INSERT INTO commission_lines (id, ${NEW_LINE_COLUMNS.map(([name]) => name).join(', ')}, payout_reference, created_at, updated_at)
  SELECT gen_random_uuid(), ${NEW_LINE_COLUMNS.map(([name]) => `r.${name}`).join(', ')}, NULL, now(), now()
  FROM jsonb_to_recordset($1::jsonb) AS r(${NEW_LINE_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})
  ON CONFLICT DO NOTHING
  RETURNING ${BOOKED_LINE_COLUMNS.join(', ')}`;

export interface StatusUpdate {
  status: CommissionStatus;
  status_reason: string | null;
  payout_reference?: string | null;
}

/**
 * The rows a transition locks, `FOR UPDATE`, in id order: the lines named ($1); their originals — the
 * sale's line of any line of a sale, the reward of a reward clawback or of a reversal of one; and when
 * rejecting ($2), every line that takes back from or gives back to a sale line or reward named.
 */
const TRANSITION_LOCK_SET = `
  WITH named AS (SELECT id, kind, sale_id, reverses_line_id FROM commission_lines WHERE id = ANY ($1::uuid[])),
  reversed AS (SELECT c.kind, c.reverses_line_id FROM commission_lines c JOIN named n ON n.kind = 'clawback_reversal' AND c.id = n.reverses_line_id),
  rejected AS (SELECT id, kind, sale_id FROM named WHERE $2::boolean AND kind IN ('sale', 'milestone_reward')),
  reward_clawbacks AS (
    SELECT c.id FROM commission_lines c JOIN rejected r ON r.kind = 'milestone_reward' AND c.kind = 'reward_clawback' AND c.reverses_line_id = r.id),
  lock_set AS (
    SELECT id FROM named
    UNION SELECT s.id FROM commission_lines s JOIN named n ON n.sale_id IS NOT NULL AND s.kind = 'sale' AND s.sale_id = n.sale_id
    UNION SELECT reverses_line_id FROM named WHERE kind = 'reward_clawback'
    UNION SELECT reverses_line_id FROM reversed WHERE kind = 'reward_clawback'
    UNION SELECT c.id FROM commission_lines c JOIN rejected r ON r.kind = 'sale' AND c.kind IN ('clawback', 'clawback_reversal') AND c.sale_id = r.sale_id
    UNION SELECT id FROM reward_clawbacks
    UNION SELECT v.id FROM commission_lines v JOIN reward_clawbacks c ON v.kind = 'clawback_reversal' AND v.reverses_line_id = c.id)
  SELECT id FROM commission_lines WHERE id IN (SELECT id FROM lock_set) ORDER BY id FOR UPDATE`;

/**
 * Every statement on `commission_lines`. Methods that take an `EntityManager` run inside the
 * caller's transaction (and take the locks they name there); the others read on their own.
 */
@Injectable()
export class CommissionLinesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Locks, `FOR SHARE`, the sale lines of `saleIds` and the rewards of `achievementIds`, in one statement in id order. */
  async shareOriginals(manager: EntityManager, saleIds: string[], achievementIds: string[]): Promise<void> {
    await manager.query(
      `SELECT id FROM commission_lines
       WHERE (kind = 'sale' AND sale_id = ANY ($1::uuid[])) OR (kind = 'milestone_reward' AND milestone_achievement_id = ANY ($2::uuid[]))
       ORDER BY id FOR SHARE`,
      [saleIds, achievementIds],
    );
  }

  /** The sale's own line, locked `FOR SHARE`; null while it is not booked. */
  saleLineForShare(manager: EntityManager, saleId: string): Promise<CommissionLine | null> {
    return manager.getRepository(CommissionLine).findOne({ where: { kind: 'sale', sale_id: saleId }, lock: { mode: 'pessimistic_read' } });
  }

  /** The reward line of a milestone achievement, locked `FOR SHARE`; null while it is not booked. */
  rewardLineForShare(manager: EntityManager, achievementId: string): Promise<CommissionLine | null> {
    return manager.getRepository(CommissionLine).findOne({
      where: { kind: 'milestone_reward', milestone_achievement_id: achievementId },
      lock: { mode: 'pessimistic_read' },
    });
  }

  /** Inserts the line unless its booking key is taken: the new line, or null when it was booked already. */
  async insertUnlessBooked(manager: EntityManager, line: NewCommissionLine): Promise<CommissionLine | null> {
    const inserted = await manager
      .getRepository(CommissionLine)
      .createQueryBuilder()
      .insert()
      .values({ ...line, id: randomUUID(), payout_reference: null, created_at: () => 'now()', updated_at: () => 'now()' })
      .orIgnore()
      .returning('*')
      .execute();
    const [booked] = inserted.raw as CommissionLine[];
    return booked ?? null;
  }

  /**
   * Inserts the lines not booked yet in one statement; answers what a `commission.*` event says of
   * each line it inserted. The lines travel as one JSON parameter and the answer holds only the
   * columns the event needs: a sell-through chunk books thousands of lines at once, and building a
   * multi-row insert with a parameter per cell, then reading every column back (the trace too), was
   * most of the ledger's CPU and memory in an import.
   */
  async insertAllUnlessBooked(manager: EntityManager, lines: NewCommissionLine[]): Promise<BookedLine[]> {
    if (lines.length === 0) return [];
    return manager.query(INSERT_LINES_FROM_JSON, [JSON.stringify(lines)]);
  }

  byBookingKey(manager: EntityManager, key: BookingKey): Promise<CommissionLine> {
    return manager.getRepository(CommissionLine).findOneByOrFail(key as FindOptionsWhere<CommissionLine>);
  }

  /** Locks, `FOR UPDATE` in id order, every line a transition of `ids` may touch (see `TRANSITION_LOCK_SET`). */
  async lockForTransition(manager: EntityManager, ids: string[], rejecting: boolean): Promise<void> {
    await manager.query(TRANSITION_LOCK_SET, [ids, rejecting]);
  }

  /** The lines of `ids` that exist, in id order. */
  findByIds(manager: EntityManager, ids: string[]): Promise<CommissionLine[]> {
    return manager.getRepository(CommissionLine).find({ where: { id: In(ids) }, order: { id: 'ASC' } });
  }

  async setStatus(manager: EntityManager, id: string, update: StatusUpdate): Promise<void> {
    await manager.getRepository(CommissionLine).update({ id }, { ...update, updated_at: () => 'now()' });
  }

  get(manager: EntityManager, id: string): Promise<CommissionLine> {
    return manager.getRepository(CommissionLine).findOneByOrFail({ id });
  }

  /** The lines that took back from a line, locked `FOR UPDATE`, in id order. */
  takenBackForUpdate(manager: EntityManager, from: TakenBackFrom): Promise<CommissionLine[]> {
    return manager.getRepository(CommissionLine).find({ where: from, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  /** The line, locked `FOR SHARE` (a dispute of it and its transitions are serialized); null when there is none. */
  lineForShare(manager: EntityManager, id: string): Promise<CommissionLine | null> {
    return manager.getRepository(CommissionLine).findOne({ where: { id }, lock: { mode: 'pessimistic_read' } });
  }

  findById(id: string): Promise<CommissionLine | null> {
    return this.dataSource.getRepository(CommissionLine).findOneBy({ id });
  }

  /** One page of the lines the filters select, newest first, and how many they select in all. */
  page(query: ListCommissionsQuery): Promise<[CommissionLine[], number]> {
    return pageOf(this.filtered(query), query.page, query.page_size);
  }

  /**
   * Up to `limit` lines the filters select after `after`, oldest first, handed to `take` one by one
   * as they arrive, as the file's cells in its order (see `eachTextRow`: a page is read for one CSV,
   * and nothing of a line is kept). Resolves with where the page ended, null when it was empty. The
   * cursor keeps created_at as the database's text (microseconds): a Date would round it to the
   * millisecond, and lines sharing that millisecond would be skipped or repeated between pages.
   */
  async exportPage(filters: CommissionFilters, after: CommissionExportCursor | null, limit: number, take: (cells: TextRow) => void): Promise<CommissionExportCursor | null> {
    const qb = this.filtered(filters).select(EXPORTED_CELLS.join(', ')).orderBy('l.created_at', 'ASC').addOrderBy('l.id', 'ASC').limit(limit);
    if (after) qb.andWhere('(l.created_at, l.id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))', { afterAt: after.created_at, afterId: after.id });
    let lastAt = '';
    let lastId = '';
    const [sql, parameters] = qb.getQueryAndParameters();
    const lines = await eachTextRow(this.dataSource, sql, parameters, (row) => {
      // The cursor column off the row: what is left are the file's cells.
      lastAt = row.pop() as string;
      lastId = row[0] as string;
      take(row);
    });
    return lines > 0 ? { created_at: lastAt, id: lastId } : null;
  }

  /** The sale lines of these sales; sales not booked yet have none. */
  saleLinesOf(saleIds: string[]): Promise<CommissionLine[]> {
    return this.dataSource.getRepository(CommissionLine).findBy({ kind: 'sale', sale_id: In(saleIds) });
  }

  private filtered(filters: CommissionFilters) {
    const qb = this.dataSource.getRepository(CommissionLine).createQueryBuilder('l').orderBy('l.created_at', 'DESC').addOrderBy('l.id', 'ASC');
    if (filters.partner_id) qb.andWhere('l.partner_id = :partner', { partner: filters.partner_id });
    if (filters.status) qb.andWhere('l.status = :status', { status: filters.status });
    if (filters.spiff_id) qb.andWhere(':spiff = ANY(l.spiff_ids)', { spiff: filters.spiff_id });
    if (filters.from) qb.andWhere('coalesce(l.sale_date, l.created_at::date) >= :from', { from: filters.from });
    if (filters.to) qb.andWhere('coalesce(l.sale_date, l.created_at::date) <= :to', { to: filters.to });
    return qb;
  }
}
