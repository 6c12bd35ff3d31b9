import { Readable } from 'node:stream';
import { HttpException } from '@nestjs/common';
import { ErrorCode } from '@spiffworks/contracts';
import type { ServiceError } from '@spiffworks/contracts';
import { PARTNER_FILE, partnerColumnsOf, partnerImportRow } from './partner-import-file';
import { inviteUrl, partnerInvitesFile } from './partner-invites-file';

function refusal(call: () => unknown): ServiceError {
  try {
    call();
  } catch (error) {
    if (error instanceof HttpException) return error.getResponse() as ServiceError;
    throw error;
  }
  throw new Error('expected a refusal');
}

const HEADER = ['Contact_Email', 'name', 'region', 'TIER', 'status', 'password'];
const columns = partnerColumnsOf(HEADER);
const cells = (c: Record<string, string>): string[] => HEADER.map((h) => c[h.toLowerCase()] ?? '');
const good = { name: 'TechCorp Partners Inc.', tier: 'gold', contact_email: 'sales@techcorp.example', status: 'approved', region: 'EMEA', password: '' };

describe('partnerColumnsOf: the header row of a partner file', () => {
  it('finds the four columns in any order, case-insensitively, the optional password when named, other columns ignored', () => {
    expect(columns).toEqual({ contact_email: 0, name: 1, tier: 3, status: 4, password: 5 });
    expect(partnerColumnsOf(['name', 'tier', 'contact_email', 'status'])).toEqual({ name: 0, tier: 1, contact_email: 2, status: 3 });
  });

  it('refuses a header that misses a column, or a file without a header (every column missing), naming each', () => {
    expect(refusal(() => partnerColumnsOf(['name', 'tier', 'contact_email']))).toMatchObject({
      code: ErrorCode.IMPORT_FILE_INVALID, status: 400, message: expect.stringContaining('missing: status'), errors: [{ field: 'status', reason: 'is missing from the header row' }],
    });
    expect(refusal(() => partnerColumnsOf(['Acme', 'gold', 'a@acme.example', 'approved'])).errors?.map((e) => e.field)).toEqual(['name', 'tier', 'contact_email', 'status']);
    expect(refusal(() => partnerColumnsOf(['name', 'tier', 'contact_email', 'status', 'Password', 'password']))).toMatchObject({
      errors: [{ field: 'password', reason: 'is named more than once in the header row' }],
    });
  });
});

describe('partnerImportRow: a data row as the partner POST /api/partners would register', () => {
  it('maps the cells by the header, trimmed; an empty password is no password (an invite)', () => {
    expect(partnerImportRow(2, cells({ ...good, name: '  TechCorp Partners Inc. ' }), columns)).toEqual({
      row: 2, cells: cells({ ...good, name: '  TechCorp Partners Inc. ' }), partner: { name: 'TechCorp Partners Inc.', tier: 'gold', contact_email: 'sales@techcorp.example', status: 'approved' },
    });
    expect(partnerImportRow(3, ['Acme', 'bronze', 'a@acme.example', 'pending'], partnerColumnsOf(['name', 'tier', 'contact_email', 'status'])).partner).toEqual({
      name: 'Acme', tier: 'bronze', contact_email: 'a@acme.example', status: 'pending',
    });
  });

  it('carries a password on to the partners service, and the cells on without it', () => {
    const row = partnerImportRow(4, cells({ ...good, password: 'techcorp-portal-2025' }), columns);
    expect(row.partner?.password).toBe('techcorp-portal-2025');
    expect(row.cells).toEqual(cells({ ...good, password: '' }));
    const bad = partnerImportRow(5, cells({ ...good, password: 'short' }), columns);
    expect(bad).toEqual({ row: 5, cells: cells({ ...good, password: '' }), errors: [{ field: 'password', reason: 'must be longer than or equal to 8 characters' }] });
  });

  const cases: Array<[string, Record<string, string>, string, RegExp]> = [
    ['unknown tier', { tier: 'diamond' }, 'tier', /one of the following values: bronze, silver, gold, platinum/],
    ['bad email', { contact_email: 'not-an-email' }, 'contact_email', /email/],
    ['missing name', { name: '' }, 'name', /^is required$/],
    ['missing email', { contact_email: ' ' }, 'contact_email', /^is required$/],
    ['suspended status', { status: 'suspended' }, 'status', /pending, approved/],
    ['a name too long', { name: 'x'.repeat(201) }, 'name', /shorter than or equal to 200/],
  ];
  it.each(cases)('%s: its errors, field and reason, as POST /api/partners words them', (_kind, change, field, reason) => {
    const row = partnerImportRow(6, cells({ ...good, ...change }), columns);
    expect(row.partner).toBeUndefined();
    expect(row.errors?.[0]).toEqual({ field, reason: expect.stringMatching(reason) });
  });

  it('lists every fault of a row in the order of the columns', () => {
    expect(partnerImportRow(7, cells({ name: '', tier: 'x', contact_email: 'y', status: '' }), columns).errors?.map((e) => e.field)).toEqual(['name', 'tier', 'contact_email', 'status']);
  });

  it('is the partner file format: its columns, row reader and not-receiving code', () => {
    expect(PARTNER_FILE).toMatchObject({ columns: ['name', 'tier', 'contact_email', 'status'], notReceiving: ErrorCode.PARTNER_IMPORT_NOT_RECEIVING });
  });
});

describe('invites.csv', () => {
  it('one line per invite with its link (the token in the fragment), page after page', async () => {
    const pages = [
      { invites: [{ row: 2, name: 'Acme, Inc.', contact_email: 'a@acme.example', token: 'tok-a', expires_at: '2025-02-07T09:00:00.000Z' }], next_after_row: 2 },
      { invites: [{ row: 5, name: 'Beta', contact_email: 'b@beta.example', token: 'tok-b', expires_at: '2025-02-07T09:00:00.000Z' }], next_after_row: null },
    ];
    const asked: number[] = [];
    const file = await partnerInvitesFile(async (after) => (asked.push(after), pages[asked.length - 1]), 'https://portal.example.com/');
    const text = (await Readable.from(file).toArray()).map(String).join('');
    expect(text).toBe(
      'row,name,contact_email,invite_url,expires_at\n' +
      '2,"Acme, Inc.",a@acme.example,https://portal.example.com/invite#token=tok-a,2025-02-07T09:00:00.000Z\n' +
      '5,Beta,b@beta.example,https://portal.example.com/invite#token=tok-b,2025-02-07T09:00:00.000Z\n',
    );
    expect(asked).toEqual([0, 2]);
    expect(inviteUrl('http://localhost:3000', 'abc')).toBe('http://localhost:3000/invite#token=abc');
  });
});
