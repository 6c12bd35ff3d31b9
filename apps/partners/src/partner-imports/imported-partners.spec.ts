import { ErrorCode } from '@spiffworks/contracts';
import { decideRows } from './imported-partners';
import type { RowToWeigh, StagedPartner } from './imported-partners';

const partner = (email: string, change: Partial<StagedPartner> = {}): StagedPartner => ({ name: 'Acme', tier: 'gold', contact_email: email, status: 'pending', ...change });
const row = (n: number, email: string, takenBy: RowToWeigh['taken_by'] = null, change: Partial<StagedPartner> = {}): RowToWeigh => ({
  row: n, partner: partner(email, change), key: email.trim().toLowerCase(), taken_by: takenBy,
});
const EXISTING = { partner_id: 'p-1', row: null };

describe('decideRows: which rows of a chunk become partners, in row order', () => {
  const cases: Array<[string, RowToWeigh[], string[], Array<true | [string, RegExp | string]>]> = [
    ['distinct emails, nothing taken: all accepted', [row(2, 'a@x.example'), row(3, 'b@x.example')], [], [true, true]],
    ['a partner has the email: rejected, naming it', [row(2, 'a@x.example', EXISTING)], [], [['contact_email', 'a partner with contact_email a@x.example already exists']]],
    ['an earlier row of this file registered it (another chunk): names that row', [row(9, 'a@x.example', { partner_id: 'p-2', row: 4 })], [], [['contact_email', 'contact_email a@x.example is already used by row 4 of this file']]],
    ['two rows of the chunk, one email in two cases: the first wins', [row(2, 'a@x.example'), row(3, 'A@X.example')], [], [true, ['contact_email', 'contact_email A@X.example is already used by row 2 of this file']]],
    ['a user has the email (lower-cased as users store it)', [row(2, 'Staff@X.example')], ['staff@x.example'], [['contact_email', 'a user with email staff@x.example already exists']]],
    ['a rejected first row leaves the email to the next row', [row(2, 'a@x.example', EXISTING), row(3, 'b@x.example'), row(4, 'b@x.example')], [], [['contact_email', /already exists/], true, ['contact_email', /row 3/]]],
    ['surrounding spaces are no other email', [row(2, ' a@x.example '), row(3, 'a@x.example')], [], [true, ['contact_email', 'contact_email a@x.example is already used by row 2 of this file']]],
    ['a payload the gateway would never send is refused by name', [row(2, 'a@x.example', null, { tier: 'diamond' as never }), row(3, 'b@x.example', null, { status: 'suspended' as never })], [], [['tier', /tier/], ['status', /status/]]],
  ];

  it.each(cases)('%s', (_name, rows, takenUsers, expected) => {
    const decided = decideRows(rows, new Set(takenUsers));
    expect(decided.map((d) => (d.accepted ? true : [d.field, d.reason]))).toEqual(
      expected.map((e) => (e === true ? true : [e[0], typeof e[1] === 'string' ? e[1] : expect.stringMatching(e[1])])),
    );
    expect(decided.map((d) => d.row)).toEqual(rows.map((r) => r.row));
  });

  it('gives each refusal the code POST /api/partners would answer', () => {
    const [partnerTaken, userTaken] = decideRows([row(2, 'a@x.example', EXISTING), row(3, 'u@x.example')], new Set(['u@x.example']));
    expect([partnerTaken, userTaken].map((d) => !d.accepted && d.code)).toEqual([ErrorCode.PARTNER_EMAIL_TAKEN, ErrorCode.USER_EMAIL_TAKEN]);
  });
});
