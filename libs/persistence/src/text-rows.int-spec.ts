import type { DataSource } from 'typeorm';
import { dropDatabase } from './database';
import { openServiceDataSource } from './data-source';
import { testDatabase } from './test-database';
import { eachTextRow } from './text-rows';
import type { TextRow } from './text-rows';

const target = testDatabase('textrows');

describe('eachTextRow (real PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ target, poolSize: 2, entities: [], migrations: [], applicationName: 'text-rows-test' });
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(target);
  });

  it('hands over each row as it arrives, in order, as the database writes every value as text; NULL stays null', async () => {
    const taken: TextRow[] = [];
    const count = await eachTextRow(
      dataSource,
      `SELECT n, (n * 1.5)::numeric(10,2), timestamptz '2025-03-09 23:59:59.999987+00' + n * interval '1 day', date '2025-01-15' + n,
         CASE WHEN n = 2 THEN NULL ELSE 'line ' || n END, n % 2 = 0, '{"a":1}'::jsonb
       FROM generate_series(1, $1::int) AS n ORDER BY n`,
      [3],
      (row) => taken.push(row),
    );
    expect(count).toBe(3);
    expect(taken).toEqual([
      ['1', '1.50', '2025-03-10 23:59:59.999987+00', '2025-01-16', 'line 1', 'f', '{"a": 1}'],
      ['2', '3.00', '2025-03-11 23:59:59.999987+00', '2025-01-17', null, 't', '{"a": 1}'],
      ['3', '4.50', '2025-03-12 23:59:59.999987+00', '2025-01-18', 'line 3', 'f', '{"a": 1}'],
    ]);
  });

  it('leaves the type parsing of every other query as it was', async () => {
    await eachTextRow(dataSource, 'SELECT 1', [], () => undefined);
    const [row] = await dataSource.query(`SELECT 7::int AS n, timestamptz '2025-01-01 00:00:00+00' AS at`);
    expect(row.n).toBe(7);
    expect(row.at).toBeInstanceOf(Date);
  });

  it('fails with what the taker threw, reading no row into it after that, and the connection goes on serving', async () => {
    const taken: TextRow[] = [];
    const refusal = new Error('the third row does not fit');
    const read = eachTextRow(dataSource, 'SELECT n FROM generate_series(1, 5) AS n ORDER BY n', [], (row) => {
      if (row[0] === '3') throw refusal;
      taken.push(row);
    });
    await expect(read).rejects.toBe(refusal);
    expect(taken).toEqual([['1'], ['2']]);
    for (let i = 0; i < 3; i++) expect(await eachTextRow(dataSource, 'SELECT $1::int', [i], () => undefined)).toBe(1);
  });

  it('rejects with the database error, and the pool goes on serving', async () => {
    await expect(eachTextRow(dataSource, 'SELECT 1 / (n - 2) FROM generate_series(1, 3) AS n', [], () => undefined)).rejects.toThrow(/division by zero/);
    for (let i = 0; i < 3; i++) expect(await eachTextRow(dataSource, 'SELECT $1::int', [i], () => undefined)).toBe(1);
  });
});
