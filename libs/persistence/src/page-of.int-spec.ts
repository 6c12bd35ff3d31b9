import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DataSource } from 'typeorm';
import { dropDatabase } from './database';
import { openServiceDataSource } from './data-source';
import { pageOf } from './page-of';
import { testDatabase } from './test-database';

@Entity('paged_rows')
class PagedRow {
  @PrimaryColumn('int')
  id!: number;

  @Column('varchar')
  status!: string;
}

const target = testDatabase('pageof');

describe('pageOf (real PostgreSQL)', () => {
  let dataSource: DataSource;
  const rows = () => dataSource.getRepository(PagedRow).createQueryBuilder('r');

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ target, poolSize: 2, entities: [PagedRow], migrations: [], applicationName: 'page-of-test' });
    await dataSource.query('CREATE TABLE paged_rows (id int PRIMARY KEY, status varchar NOT NULL)');
    // 1..53; every third is pending.
    await dataSource.query(`INSERT INTO paged_rows SELECT n, CASE WHEN n % 3 = 0 THEN 'pending' ELSE 'paid' END FROM generate_series(1, 53) AS n`);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(target);
  });

  it('answers the page in the query\'s order and the total of its filters, whatever page is asked', async () => {
    const pending = () => rows().where('r.status = :status', { status: 'pending' }).orderBy('r.id', 'DESC');
    const [first, total] = await pageOf(pending(), 1, 5);
    expect(first.map((r) => r.id)).toEqual([51, 48, 45, 42, 39]);
    expect(total).toBe(17);
    const [last] = await pageOf(pending(), 4, 5);
    expect(last.map((r) => r.id)).toEqual([6, 3]);
    const [beyond, stillTotal] = await pageOf(pending(), 9, 5);
    expect(beyond).toEqual([]);
    expect(stillTotal).toBe(17);
  });

  it('counts every row when nothing filters, and 0 when nothing matches', async () => {
    expect((await pageOf(rows().orderBy('r.id', 'ASC'), 2, 25))[0].map((r) => r.id)).toEqual(Array.from({ length: 25 }, (_, i) => i + 26));
    expect((await pageOf(rows().orderBy('r.id', 'ASC'), 1, 25))[1]).toBe(53);
    expect(await pageOf(rows().where('r.status = :status', { status: 'rejected' }).orderBy('r.id'), 1, 25)).toEqual([[], 0]);
  });
});
