import { ErrorCode, serviceError } from '@spiffworks/contracts';
import type { SaleImportErrorsPage } from '@spiffworks/contracts';
import { RpcCallFailed } from '@spiffworks/messaging';
import { importErrorsFile } from './import-errors-file';

const HEADER = ['partner_id', 'product_id', 'quantity', 'unit_price', 'sale_date', 'invoice_number', '=store'];
const page = (csv: string, next: number | null): SaleImportErrorsPage => ({ header: HEADER, csv, next_after_row: next });

async function read(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}

describe('importErrorsFile: errors.csv as a stream of pages', () => {
  it("writes row,field,reason and the file's own header (neutralized), then each page in order, asking for the next after the last row", async () => {
    const asked: number[] = [];
    const pages = [page('3,quantity,is required,a,b,,1,2025-01-01,I-3,\n7,,not covered,a,b,1,1,2025-01-01,I-7,\n', 7), page('9,sale_date,must be a real date,a,b,1,1,x,I-9,\n', null)];
    const file = await importErrorsFile(async (after) => (asked.push(after), pages[asked.length - 1]));
    expect(asked).toEqual([0]);
    expect(await read(file)).toBe(
      "row,field,reason,partner_id,product_id,quantity,unit_price,sale_date,invoice_number,'=store\n" +
      '3,quantity,is required,a,b,,1,2025-01-01,I-3,\n7,,not covered,a,b,1,1,2025-01-01,I-7,\n9,sale_date,must be a real date,a,b,1,1,x,I-9,\n',
    );
    expect(asked).toEqual([0, 7]);
  });

  it('is just the header for an import without rejected rows', async () => {
    expect(await read(await importErrorsFile(async () => page('', null)))).toBe(
      "row,field,reason,partner_id,product_id,quantity,unit_price,sale_date,invoice_number,'=store\n",
    );
  });

  it('refuses before any byte when the first page does (an unknown import is still a 404)', async () => {
    const notFound = new RpcCallFailed(serviceError(ErrorCode.SALE_IMPORT_NOT_FOUND, 'sale import x not found'));
    await expect(importErrorsFile(async () => { throw notFound; })).rejects.toBe(notFound);
  });

  it('errors the stream, after what it had, when a later page fails: the file is cut, never ended', async () => {
    const down = new RpcCallFailed(serviceError(ErrorCode.SERVICE_UNAVAILABLE, 'fulfillment service did not answer within 10000 ms'), 'timeout');
    const file = await importErrorsFile(async (after) => {
      if (after > 0) throw down;
      return page('3,quantity,is required,a,b,,1,2025-01-01,I-3,\n', 3);
    });
    const received: string[] = [];
    await expect((async () => {
      for await (const chunk of file) received.push(chunk.toString());
    })()).rejects.toBe(down);
    expect(received.join('')).toContain('3,quantity,is required');
    expect(file.readableEnded).toBe(false);
  });
});
