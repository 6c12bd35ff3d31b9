import { sniffContentType } from './attachments';
import { normalizeInvoiceNumber } from './reviews';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('sniffContentType', () => {
  it.each([
    ['a PDF', bytes(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37), 'application/pdf'],
    ['a PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00), 'image/png'],
    ['a JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10), 'image/jpeg'],
    ['an ELF executable', bytes(0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01), null],
    ['a Windows MZ executable', bytes(0x4d, 0x5a, 0x90, 0x00), null],
    ['a GIF', bytes(0x47, 0x49, 0x46, 0x38, 0x39, 0x61), null],
    ['text that says PDF', new TextEncoder().encode(' %PDF-1.4'), null],
    ['a truncated PNG signature', bytes(0x89, 0x50, 0x4e, 0x47), null],
    ['nothing', bytes(), null],
  ])('%s → %s', (_what, head, type) => {
    expect(sniffContentType(head)).toBe(type);
  });
});

describe('normalizeInvoiceNumber', () => {
  it.each([
    ['INV-001', 'inv001'],
    ['  inv 001  ', 'inv001'],
    ['Inv/001.', 'inv001'],
    ['Ä-12', 'ä12'],
    ['2025_0001', '20250001'],
    ['---', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%p → %p', (invoice, key) => {
    expect(normalizeInvoiceNumber(invoice)).toBe(key);
  });
});
