import type { DataSource, EntityManager } from 'typeorm';
import { Events } from '@spiffworks/contracts';
import { dropDatabase, openServiceDataSource, testDatabase } from '@spiffworks/persistence';
import { beforeCommit } from './commit-hooks';
import { createEnvelope } from './envelope';
import { InboxBatcher } from './inbox';
import { MessagingTables1764100000000 } from './messaging-tables.migration';

// Self-contained (no @spiffworks/testing, which depends on this library) against the real PostgreSQL.
const target = testDatabase('inboxtest');

describe('InboxBatcher (real PostgreSQL)', () => {
  let dataSource: DataSource;
  const event = (n: number) => createEnvelope(Events.SaleLogged, { n }, 'test');

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ target, poolSize: 4, entities: [], migrations: [MessagingTables1764100000000], applicationName: 'inbox-test' });
    await dataSource.query('CREATE TABLE effects (n integer NOT NULL, txid bigint NOT NULL)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(target);
  });

  beforeEach(() => dataSource.query('TRUNCATE effects, inbox'));

  const recordEffect = (n: number) => async (manager: EntityManager) => {
    await manager.query('INSERT INTO effects (n, txid) VALUES ($1, txid_current())', [n]);
  };
  const effects = async () => (await dataSource.query('SELECT n, txid FROM effects ORDER BY n')) as Array<{ n: number; txid: string }>;

  it('applies events that arrive together in one transaction, in arrival order, once each', async () => {
    const batcher = new InboxBatcher(dataSource);
    const events = Array.from({ length: 30 }, (_, n) => event(n));
    const outcomes = await Promise.all(events.map((e, n) => batcher.process(e, recordEffect(n))));
    expect(outcomes).toEqual(events.map(() => 'processed'));
    const applied = await effects();
    expect(applied.map((r) => r.n)).toEqual(events.map((_, n) => n));
    expect(new Set(applied.map((r) => r.txid)).size).toBeLessThan(3);
    expect(await dataSource.query('SELECT count(*)::int AS count FROM inbox')).toEqual([{ count: 30 }]);
  });

  it('applies a run of consecutive events sharing a together key in one call, in order; other events, and a run of one, through their own effect', async () => {
    const batcher = new InboxBatcher(dataSource);
    const calls: number[][] = [];
    const together = {
      key: {},
      apply: async (manager: EntityManager, envelopes: Array<{ payload: unknown }>) => {
        const ns = envelopes.map((e) => (e.payload as { n: number }).n);
        calls.push(ns);
        await manager.query('INSERT INTO effects (n, txid) SELECT n, txid_current() FROM unnest($1::int[]) AS n', [ns]);
      },
    };
    const events = Array.from({ length: 8 }, (_, n) => event(n));
    // 0-2 together, 3 on its own kind, 4-6 together again, 7 alone after the one before it (a duplicate of 6) breaks the run.
    const outcomes = await Promise.all([
      ...[0, 1, 2].map((n) => batcher.process(events[n], recordEffect(n), undefined, together)),
      batcher.process(events[3], recordEffect(3)),
      ...[4, 5, 6].map((n) => batcher.process(events[n], recordEffect(n), undefined, together)),
      batcher.process(events[6], recordEffect(6), undefined, together),
      batcher.process(events[7], recordEffect(7), undefined, together),
    ]);

    expect(outcomes).toEqual(['processed', 'processed', 'processed', 'processed', 'processed', 'processed', 'processed', 'duplicate', 'processed']);
    expect((await effects()).map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // One batch (they arrive in one tick): two runs of three; 7 follows a duplicate, so it is a run of one.
    expect(calls).toEqual([[0, 1, 2], [4, 5, 6]]);
    expect(new Set((await effects()).map((r) => r.txid)).size).toBe(1);
  });

  it('bounds a batch by the facts its events carry: chunks of sales are booked a few to a transaction, a chunk above the bound alone', async () => {
    const batcher = new InboxBatcher(dataSource, 100, 1_000);
    const chunk = (n: number, sales: number) => createEnvelope(Events.SalesLogged, { n, sales: Array.from({ length: sales }, () => ({})) } as never, 'test');
    // 400 + 400 fit, a third 400 would not; 1,500 is over the bound alone; then 300 + 300 + 300, then single sales fill up to the bound.
    const sizes = [400, 400, 400, 1_500, 300, 300, 300, 1, 1];
    const outcomes = await Promise.all(sizes.map((sales, n) => batcher.process(chunk(n, sales), recordEffect(n))));
    expect(outcomes).toEqual(sizes.map(() => 'processed'));
    const applied = await effects();
    expect(applied.map((r) => r.n)).toEqual(sizes.map((_, n) => n));
    const transactionOf = applied.map((r) => r.txid);
    const groups = transactionOf.reduce<number[][]>((runs, txid, n) => {
      if (n > 0 && txid === transactionOf[n - 1]) runs[runs.length - 1].push(n);
      else runs.push([n]);
      return runs;
    }, []);
    expect(groups).toEqual([[0, 1], [2], [3], [4, 5, 6, 7, 8]]);
  });

  it('applies a redelivered envelope once, in the same batch or a later one, and counts the repeat', async () => {
    const batcher = new InboxBatcher(dataSource);
    const first = event(1);
    const outcomes = await Promise.all([batcher.process(first, recordEffect(1)), batcher.process(first, recordEffect(2)), batcher.process(event(3), recordEffect(3))]);
    expect(outcomes).toEqual(['processed', 'duplicate', 'processed']);
    expect(await batcher.process(first, recordEffect(4))).toBe('duplicate');
    expect((await effects()).map((r) => r.n)).toEqual([1, 3]);
    expect(await dataSource.query('SELECT redeliveries FROM inbox WHERE id = $1', [first.id])).toEqual([{ redeliveries: 2 }]);
  });

  it('takes a failing batch apart: the others are applied, only the bad event fails, nothing of it is kept', async () => {
    const batcher = new InboxBatcher(dataSource);
    const bad = event(99);
    const failing = async (manager: EntityManager) => {
      await manager.query('INSERT INTO effects (n, txid) VALUES (99, txid_current())');
      throw new Error('this event cannot be applied');
    };
    const results = await Promise.allSettled([
      batcher.process(event(1), recordEffect(1)), batcher.process(bad, failing), batcher.process(event(2), recordEffect(2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('this event cannot be applied');
    expect((await effects()).map((r) => r.n)).toEqual([1, 2]);
    expect(await dataSource.query('SELECT count(*)::int AS count FROM inbox WHERE id = $1', [bad.id])).toEqual([{ count: 0 }]);
  });

  it('tries an event that failed on its own alone next time, so it cannot fail a batch again', async () => {
    const batcher = new InboxBatcher(dataSource);
    const waiting = event(50);
    await expect(batcher.process(waiting, async () => { throw new Error('not ready yet'); })).rejects.toThrow('not ready yet');
    const outcomes = await Promise.all([batcher.process(event(1), recordEffect(1)), batcher.process(waiting, recordEffect(50)), batcher.process(event(2), recordEffect(2))]);
    expect(outcomes).toEqual(['processed', 'processed', 'processed']);
    const applied = await effects();
    expect(applied.map((r) => r.n)).toEqual([1, 2, 50]);
    expect(applied[0].txid).toBe(applied[1].txid);
    expect(applied[2].txid).not.toBe(applied[0].txid);
  });

  it('runs before-commit hooks once per transaction, after every effect of the batch', async () => {
    const batcher = new InboxBatcher(dataSource);
    const flushes: number[][] = [];
    const seen = new WeakMap<EntityManager, number[]>();
    const collect = (n: number) => async (manager: EntityManager) => {
      let batch = seen.get(manager);
      if (!batch) {
        const collected: number[] = [];
        seen.set(manager, (batch = collected));
        beforeCommit(manager, async () => {
          flushes.push(collected);
          await manager.query('INSERT INTO effects (n, txid) SELECT unnest($1::int[]), txid_current()', [collected]);
        });
      }
      batch.push(n);
    };
    await Promise.all([1, 2, 3, 4].map((n) => batcher.process(event(n), collect(n))));
    expect(flushes.flat().sort()).toEqual([1, 2, 3, 4]);
    expect((await effects()).map((r) => r.n)).toEqual([1, 2, 3, 4]);
  });
});
