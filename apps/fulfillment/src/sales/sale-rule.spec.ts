import Decimal from 'decimal.js';
import { ErrorCode } from '@spiffworks/contracts';
import type { Actor, LogSaleCommand } from '@spiffworks/contracts';
import { weighSales } from './sale-rule';
import type { CandidateAssignment, SaleBook, SaleToLog, SaleVerdict } from './sale-rule';

const PARTNER = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const LAPTOP = '00000000-0000-4000-8000-0000000000a1';
const ADMIN: Actor = { user_id: '00000000-0000-4000-8000-0000000000f1', role: 'admin', partner_id: null };

function assignment(overrides: Partial<CandidateAssignment> = {}): CandidateAssignment {
  return {
    id: '00000000-0000-4000-8000-0000000000c1', partner_id: PARTNER, spiff_id: null, product_ids: [LAPTOP],
    start_date: '2025-01-01', end_date: '2025-03-31', actual_quantity: '0', actual_revenue: '0.00',
    milestones: [{ name: '5 laptops', metric: 'units', threshold: 5, reward_amount: 500 }], ...overrides,
  };
}

function book(overrides: Partial<SaleBook> = {}): SaleBook {
  return {
    partners: new Map([
      [PARTNER, { id: PARTNER, name: 'Acme', tier: 'gold', status: 'approved' }],
      [OTHER, { id: OTHER, name: 'Dormant', tier: 'silver', status: 'suspended' }],
    ]),
    products: new Map([[LAPTOP, { id: LAPTOP, name: 'Laptop', commission_rate: 10, commission_rates: { gold: 12 } }]]),
    spiffs: [],
    assignments: [assignment()],
    standing: new Set(),
    invoicesUsed: new Set([`${PARTNER}/INV-OLD`]),
    ...overrides,
  };
}

function sale(overrides: Partial<LogSaleCommand> = {}): LogSaleCommand {
  return { partner_id: PARTNER, product_id: LAPTOP, quantity: 2, unit_price: 250, sale_date: '2025-01-15', ...overrides };
}

let ids = 0;
/** The sales, each logged by the actor. */
function by(actor: Actor, ...commands: LogSaleCommand[]): SaleToLog[] {
  return commands.map((command) => ({ command, actor }));
}

const newId = () => `sale-${++ids}`;
/** The moment the sales are weighed at, unless a test says otherwise. */
const NOW = new Date('2025-06-01T12:00:00Z');

function refusal(verdict: SaleVerdict): { code: string; message: string } | null {
  if (!('refused' in verdict)) return null;
  return { code: verdict.refused.serviceError.code, message: verdict.refused.serviceError.message };
}

describe('weighSales: which sales are refused, and why', () => {
  it.each<[string, Partial<LogSaleCommand>, Actor, string, RegExp]>([
    ['another partner\'s sale by a partner', { partner_id: OTHER }, { user_id: 'u', role: 'partner', partner_id: PARTNER }, ErrorCode.NOT_YOUR_PARTNER, /for itself only/],
    ['a future date', { sale_date: '2999-01-01' }, ADMIN, ErrorCode.VALIDATION_FAILED, /sale_date/],
    ['an unknown partner', { partner_id: '00000000-0000-4000-8000-00000000ffff' }, ADMIN, ErrorCode.VALIDATION_FAILED, /partner_id/],
    ['a partner that is not approved', { partner_id: OTHER }, ADMIN, ErrorCode.PARTNER_ACCOUNT_INACTIVE, /Dormant is suspended/],
    ['an unknown product', { product_id: '00000000-0000-4000-8000-00000000eeee' }, ADMIN, ErrorCode.VALIDATION_FAILED, /product_id/],
    ['a date outside every assignment', { sale_date: '2025-04-01' }, ADMIN, ErrorCode.SALE_NOT_COVERED, /Laptop is not in any active assignment of partner Acme covering 2025-04-01/],
    ['an invoice the partner used before', { invoice_number: ' INV-OLD ' }, ADMIN, ErrorCode.INVOICE_ALREADY_USED, /INV-OLD was already used/],
  ])('refuses %s', (_case, command, actor, code, message) => {
    const [verdict] = weighSales(book(), by(actor, sale(command)), newId, NOW);
    expect(refusal(verdict)).toEqual({ code, message: expect.stringMatching(message) });
  });

  it('refuses a sale whose commission no ledger line holds', () => {
    const bonus = { spiff_id: 'q1', name: 'q1', incentive_type: 'fixed' as const, incentive_amount: '100000000000', start_date: '2025-01-01',
      end_date: '2025-12-31', status: 'active' as const, cancelled_on: null, product_ids: [LAPTOP], assigned_partner_ids: [PARTNER] };
    const [verdict] = weighSales(book({ spiffs: [bonus] }), by(ADMIN, sale({ quantity: 100_000 })), newId, NOW);
    expect(refusal(verdict)).toEqual({ code: ErrorCode.AMOUNT_OUT_OF_RANGE, message: expect.stringMatching(/more than a commission line can hold/) });
  });

  it('refuses progress past what an assignment holds', () => {
    const full = book({ assignments: [assignment({ actual_quantity: '9223372036854775806' })] });
    expect(refusal(weighSales(full, by(ADMIN, sale()), newId, NOW)[0])).toMatchObject({ code: ErrorCode.AMOUNT_OUT_OF_RANGE });
  });
});

describe('weighSales: "in the future" is after today in UTC+14, the latest time zone', () => {
  // 10:30 UTC on 2025-01-15: in UTC+14 it is 00:30 on 2025-01-16 already.
  const moment = new Date('2025-01-15T10:30:00Z');
  const onDate = (sale_date: string, now: Date) => weighSales(book(), by(ADMIN, sale({ sale_date })), newId, now)[0];

  it('accepts a sale dated the latest today on earth, tomorrow in UTC', () => {
    expect(onDate('2025-01-16', moment)).toHaveProperty('accepted.facts.sale_date', '2025-01-16');
  });

  it('refuses the day after with VALIDATION_FAILED naming sale_date', () => {
    const verdict = onDate('2025-01-17', moment);
    expect('refused' in verdict && verdict.refused.serviceError).toMatchObject({
      code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'sale_date', reason: 'must not be in the future' }],
    });
  });

  it('judges against the moment it is given: until 10:00 UTC, UTC+14 is still on the UTC date', () => {
    expect(refusal(onDate('2025-01-16', new Date('2025-01-15T09:59:59Z')))).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    expect(onDate('2025-01-16', new Date('2025-01-15T10:00:00Z'))).toHaveProperty('accepted');
  });
});

describe('weighSales: each sale sees the ones before it', () => {
  it('counts an accepted sale toward every covering assignment, and books the facts its sale.logged carries', () => {
    const spiffAssignment = assignment({ id: '00000000-0000-4000-8000-0000000000c2', spiff_id: 'q1', milestones: [] });
    const closedLater = assignment({ id: '00000000-0000-4000-8000-0000000000c3', start_date: '2025-02-01', milestones: [] });
    const b = book({ assignments: [assignment(), spiffAssignment, closedLater] });
    const [verdict] = weighSales(b, by(ADMIN, sale({ unit_price: 249.995, invoice_number: ' INV-9 ' })), () => 'sale-x', NOW);
    expect(verdict).toEqual({
      accepted: {
        facts: expect.objectContaining({
          sale_id: 'sale-x', unit_price: '250.00', revenue: '500.00', invoice_number: 'INV-9', commission_rate: '12',
          tier: 'gold', assignment_ids: [assignment().id, spiffAssignment.id], logged_by: ADMIN.user_id,
        }),
        notes: null,
        reached: [],
        grants: [],
      },
    });
    expect(b.assignments.map((a) => [a.actual_quantity, a.actual_revenue])).toEqual([['2', '500.00'], ['2', '500.00'], ['0', '0.00']]);
    expect(b.invoicesUsed.has(`${PARTNER}/INV-9`)).toBe(true);
  });

  it.each([
    ['past 1e18', '1234567890123456789.01', '1234567890123456789.02'],
    ['near numeric(38,2)\'s limit', '123456789012345678901234567890123.45', '123456789012345678901234567890123.46'],
  ])('adds a sale to an assignment\'s revenue to the cent %s', (_, before, after) => {
    const b = book({ assignments: [assignment({ actual_revenue: before, milestones: [] })] });
    weighSales(b, by(ADMIN, sale({ quantity: 1, unit_price: 0.01 })), newId, NOW);
    expect(b.assignments[0].actual_revenue).toBe(after);
  });

  it('books the first of two sales with one invoice number and refuses the second; a refused sale moves nothing', () => {
    const b = book();
    const verdicts = weighSales(b, by(ADMIN, sale({ invoice_number: 'A' }), sale({ invoice_number: 'A', quantity: 3 }), sale({ quantity: 1 })), newId, NOW);
    expect(verdicts.map(refusal)).toEqual([null, { code: ErrorCode.INVOICE_ALREADY_USED, message: expect.any(String) }, null]);
    expect(b.assignments[0]).toMatchObject({ actual_quantity: '3', actual_revenue: '750.00' });
  });

  it('reaches a milestone once, with the sale that meets it, and not when it already stands', () => {
    const verdicts = weighSales(book(), by(ADMIN, sale(), sale(), sale()), newId, NOW);
    expect(verdicts.map((v) => ('accepted' in v ? v.accepted.reached.map((r) => r.milestone.name) : null))).toEqual([[], [], ['5 laptops']]);
    const standing = book({ standing: new Set([`${assignment().id}/5 laptops`]) });
    expect(weighSales(standing, by(ADMIN, sale({ quantity: 9 })), newId, NOW).flatMap((v) => ('accepted' in v ? v.accepted.reached : []))).toEqual([]);
  });

  it('offers the spiffs on the product that run on the sale date or that the partner holds, oldest first', () => {
    const spiff = (id: string, start: string, end: string, assigned: string[]) => ({
      spiff_id: id, name: id, incentive_type: 'fixed' as const, incentive_amount: '100', start_date: start, end_date: end,
      status: 'active' as const, cancelled_on: null, product_ids: [LAPTOP], assigned_partner_ids: assigned,
    });
    const b = book({ spiffs: [spiff('running', '2025-01-01', '2025-01-31', []), spiff('held', '2024-01-01', '2024-12-31', [PARTNER]), spiff('over', '2024-01-01', '2024-12-31', [])] });
    const [verdict] = weighSales(b, by(ADMIN, sale()), newId, NOW);
    const offered = 'accepted' in verdict ? verdict.accepted.facts.spiff_candidates.map((s) => [s.spiff_id, s.partner_has_assignment]) : null;
    expect(offered).toEqual([['running', false], ['held', true]]);
  });

  describe('a budgeted spiff: bonuses while the fund lasts', () => {
    const FUND = 'spiff-fund';
    const spiffAssignment = assignment({ id: '00000000-0000-4000-8000-0000000000c9', spiff_id: FUND, milestones: [] });
    const fundBook = (remaining: string, cap: string | null, partnerCommitted = '0') => book({
      assignments: [spiffAssignment],
      spiffs: [{
        spiff_id: FUND, name: 'Fund', incentive_type: 'fixed', incentive_amount: '100', start_date: '2025-01-01', end_date: '2025-03-31',
        status: 'active', cancelled_on: null, product_ids: [LAPTOP], assigned_partner_ids: [PARTNER],
      }],
      funds: new Map([[FUND, { remaining: new Decimal(remaining), cap: cap === null ? null : new Decimal(cap), partners: new Map([[PARTNER, new Decimal(partnerCommitted)]]) }]]),
    });
    const grants = (verdicts: SaleVerdict[]) => verdicts.map((v) => ('accepted' in v ? v.accepted.grants.map((g) => g.granted) : null));
    const limits = (verdicts: SaleVerdict[]) => verdicts.map((v) => ('accepted' in v ? v.accepted.facts.spiff_candidates[0].budget : null));

    it.each<[string, string, string | null, string, number, string[], string]>([
      // name, fund remaining, cap, partner committed, sales of 2 units ($200 bonus each), grants, remaining after
      ['the fund covers every sale', '1000.00', null, '0', 3, ['200.00', '200.00', '200.00'], '400'],
      ['the crossing sale gets the remainder, later ones nothing', '450.00', null, '0', 4, ['200.00', '200.00', '50.00', '0.00'], '0'],
      ['an exhausted fund grants nothing', '0.00', null, '0', 2, ['0.00', '0.00'], '0'],
      ['the partner cap stops the partner first', '1000.00', '300.00', '0', 3, ['200.00', '100.00', '0.00'], '700'],
      ['a cap partly used before', '1000.00', '300.00', '250.00', 2, ['50.00', '0.00'], '950'],
    ])('%s', (_, remaining, cap, partnerCommitted, count, expected, left) => {
      const b = fundBook(remaining, cap, partnerCommitted);
      const verdicts = weighSales(b, by(ADMIN, ...Array.from({ length: count }, () => sale())), newId, NOW);
      expect(grants(verdicts).map((g) => g?.[0])).toEqual(expected);
      expect(b.funds?.get(FUND)?.remaining.toFixed()).toBe(left);
    });

    it('carries the limit each sale saw in its facts, for the ledger to grant exactly that', () => {
      const verdicts = weighSales(fundBook('250.00', '1000.00', '900.00'), by(ADMIN, sale(), sale()), newId, NOW);
      expect(limits(verdicts)).toEqual([{ available: '100.00', limited_by: 'partner_cap' }, { available: '0.00', limited_by: 'partner_cap' }]);
    });

    it('a refused sale draws nothing', () => {
      const b = fundBook('300.00', null);
      const verdicts = weighSales(b, by(ADMIN, sale({ invoice_number: 'A' }), sale({ invoice_number: 'A' }), sale()), newId, NOW);
      expect(grants(verdicts)).toEqual([['200.00'], null, ['100.00']]);
    });
  });
});
