import { pagedCsvFile } from './paged-csv-file';
import type { CsvPage } from './paged-csv-file';

interface NumberedPage extends CsvPage {
  n: number;
  last: boolean;
}

/** Pages 0 … count-1, each one record; records every page asked, and settles each only when `release` says so. */
function service(count: number) {
  const asked: number[] = [];
  const pending = new Map<number, { resolve: (page: NumberedPage) => void; reject: (error: Error) => void }>();
  const ask = (n: number): Promise<NumberedPage> => {
    asked.push(n);
    return new Promise((resolve, reject) => pending.set(n, { resolve, reject }));
  };
  const release = (n: number): void => pending.get(n)?.resolve({ n, csv: `r${n}\n`, last: n === count - 1 });
  const fail = (n: number, error: Error): void => pending.get(n)?.reject(error);
  const first: NumberedPage = { n: 0, csv: 'r0\n', last: count === 1 };
  const next = (page: NumberedPage) => (page.last ? null : ask(page.n + 1));
  return { asked, release, fail, first, next };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('pagedCsvFile', () => {
  it('asks the next page as soon as the one before has arrived, never two ahead', async () => {
    const s = service(4);
    const file = pagedCsvFile('h\n', s.first, s.next);
    const read: string[] = [];
    file.on('data', (chunk: Buffer) => read.push(String(chunk)));
    const ended = new Promise((resolve) => file.on('end', resolve));

    await turn();
    expect(read.join('')).toBe('h\nr0\n');
    expect(s.asked).toEqual([1]);
    await turn();
    expect(s.asked).toEqual([1]); // page 2 waits for page 1

    s.release(1);
    await turn();
    expect(read.join('')).toBe('h\nr0\nr1\n');
    expect(s.asked).toEqual([1, 2]);
    s.release(2);
    await turn();
    s.release(3);
    await ended;
    expect(read.join('')).toBe('h\nr0\nr1\nr2\nr3\n');
    expect(s.asked).toEqual([1, 2, 3]);
  });

  it('asks nothing more of a reader that stopped taking: one page ahead of what it took at most', async () => {
    const s = service(4);
    const file = pagedCsvFile('h\n', s.first, s.next);
    const header = await new Promise<string>((resolve) => file.once('data', (chunk: Buffer) => (file.pause(), resolve(String(chunk)))));
    expect(header).toBe('h\n');
    await turn();
    expect(s.asked).toEqual([1]);
    s.release(1);
    await turn();
    await turn();
    // Readable.from buffers one chunk (highWaterMark 1): page 1 waits there, and page 2 is not asked.
    expect(file.readableHighWaterMark).toBe(1);
    expect(s.asked).toEqual([1]);
    file.destroy();
  });

  it('errors the stream after the pages before when a page asked ahead fails: a cut file never ends', async () => {
    const s = service(3);
    const file = pagedCsvFile('h\n', s.first, s.next);
    const received: string[] = [];
    const reading = (async () => {
      for await (const chunk of file) received.push(String(chunk));
    })();
    await turn();
    const down = new Error('commissions service did not answer within 30000 ms');
    s.fail(1, down);
    await expect(reading).rejects.toBe(down);
    expect(received.join('')).toBe('h\nr0\n');
    expect(file.readableEnded).toBe(false);
  });

  it('drops a page asked ahead when the reader went away before it failed, without an unhandled rejection', async () => {
    const s = service(3);
    const file = pagedCsvFile('h\n', s.first, s.next);
    await new Promise<void>((resolve) => file.once('data', () => (file.pause(), resolve())));
    await turn();
    expect(s.asked).toEqual([1]);
    const unhandled: unknown[] = [];
    const record = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      file.destroy();
      s.fail(1, new Error('commissions service failed'));
      await turn();
      await turn();
      expect(unhandled).toEqual([]);
      expect(s.asked).toEqual([1]); // nothing asked after the reader left
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
