import type { Readable } from 'node:stream';
import { COMMISSION_EXPORT_COLUMNS, csvRow } from '@spiffworks/contracts';
import type { CommissionExportCursor, CommissionExportPage } from '@spiffworks/contracts';
import { payoutFile } from './payout-file';
import type { PayoutPages } from './payout-file';

const HEADER = `${csvRow(COMMISSION_EXPORT_COLUMNS)}\n`;
const cursor = (n: number): CommissionExportCursor => ({ created_at: `2025-01-01 00:00:00.00000${n}+00`, id: `line-${n}` });

/** A ledger of pages: page n holds its csv and points at page n + 1, the last at nothing; records every cursor asked. */
function ledger(csvs: string[]): { pages: PayoutPages; asked: Array<CommissionExportCursor | null> } {
  const asked: Array<CommissionExportCursor | null> = [];
  const pages: PayoutPages = (after) => {
    asked.push(after);
    const n = after ? Number(after.id.slice(5)) : 0;
    const csv = csvs[n];
    return Promise.resolve({ csv, lines: csv.split('\n').filter(Boolean).length, next: n + 1 < csvs.length ? cursor(n + 1) : null });
  };
  return { pages, asked };
}

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

describe('payoutFile', () => {
  it.each([
    ['several pages', ['a,1\nb,2\n', 'c,3\n', 'd,4\ne,5\n']],
    ['one page', ['a,1\n']],
    ['no line at all', ['']],
    ['a last page left empty (the one before was full)', ['a,1\nb,2\n', '']],
  ])('writes the header, then %s in order, asking each page after the one before', async (_label, csvs) => {
    const { pages, asked } = ledger(csvs);
    expect(await readAll(await payoutFile(pages))).toBe(HEADER + csvs.join(''));
    expect(asked).toEqual(csvs.map((_, n) => (n === 0 ? null : cursor(n))));
  });

  it('asks the first page before it answers, and the next only when the reader wants more', async () => {
    const { pages, asked } = ledger(['a,1\n', 'b,2\n', 'c,3\n']);
    const file = await payoutFile(pages);
    expect(asked).toEqual([null]);
    await readAll(file);
    expect(asked).toHaveLength(3);
  });

  it('fails before a byte is sent when the first page is refused', async () => {
    const refused = new Error('commissions service did not answer within 5000 ms');
    await expect(payoutFile(() => Promise.reject(refused))).rejects.toBe(refused);
  });

  it('errors the stream, not ends it, when a later page fails: a cut file never looks complete', async () => {
    const failure = new Error('commissions service failed');
    const file = await payoutFile((after) => (after ? Promise.reject(failure) : Promise.resolve<CommissionExportPage>({ csv: 'a,1\n', lines: 1, next: cursor(1) })));
    await expect(readAll(file)).rejects.toBe(failure);
  });
});
