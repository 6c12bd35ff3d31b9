import type { CommissionKind, CommissionStatus, SaleLoggedPayload, SpiffCandidate } from '@spiffworks/contracts';
import { nextCommissionStatus } from '../ledger/commission-lifecycle';
import type { CommissionAction } from '../ledger/commission-lifecycle';
import { checkReview, saleBookingStatus } from './review-rules';

const ID = '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70';

const spiff = (over: Partial<SpiffCandidate>): SpiffCandidate => ({
  spiff_id: 's1', name: 'Q1', incentive_type: 'fixed', incentive_amount: '100.00', start_date: '2025-01-01', end_date: '2025-03-31',
  status: 'active', cancelled_on: null, product_ids: ['p'], partner_has_assignment: true, ...over,
});

const sale = (candidates: SpiffCandidate[], saleDate = '2025-01-15'): SaleLoggedPayload => ({
  sale_id: 'sale', partner_id: 'partner', partner_name: 'P', tier: 'gold', product_id: 'p', product_name: 'Laptop', quantity: 2, unit_price: '1000.00',
  revenue: '2000.00', sale_date: saleDate, invoice_number: null, commission_rate: '12', spiff_candidates: candidates, assignment_ids: ['a'],
  logged_by: 'u', logged_at: '2025-01-15T00:00:00.000Z',
});

describe('saleBookingStatus', () => {
  it.each<[string, SaleLoggedPayload, 'pending' | 'awaiting_review']>([
    ['no spiff', sale([]), 'pending'],
    ['a spiff without proof', sale([spiff({ proof_required: false })]), 'pending'],
    ['facts older than the flag', sale([spiff({})]), 'pending'],
    ['a proof-required spiff that pays', sale([spiff({ proof_required: true })]), 'awaiting_review'],
    ['a proof-required spiff out of its period', sale([spiff({ proof_required: true })], '2025-06-01'), 'pending'],
    ['a proof-required spiff without assignment', sale([spiff({ proof_required: true, partner_has_assignment: false })]), 'pending'],
    ['one of two spiffs asks for proof', sale([spiff({}), spiff({ spiff_id: 's2', proof_required: true })]), 'awaiting_review'],
  ])('%s → %s', (_what, facts, status) => {
    expect(saleBookingStatus(facts)).toBe(status);
  });
});

const KINDS: CommissionKind[] = ['sale', 'milestone_reward', 'clawback', 'reward_clawback', 'clawback_reversal', 'adjustment'];
const STATUSES: CommissionStatus[] = ['awaiting_review', 'pending', 'approved', 'paid', 'rejected'];
const ACTIONS: CommissionAction[] = ['approve', 'pay', 'reject', 'release', 'decline'];

/** Only a sale's line awaiting review is released (→ pending) or declined (→ rejected); nothing else moves it. */
function expected(kind: CommissionKind, status: CommissionStatus, action: CommissionAction): CommissionStatus | null | 'unchanged-rules' {
  if (action === 'release') return kind === 'sale' && status === 'awaiting_review' ? 'pending' : null;
  if (action === 'decline') return kind === 'sale' && status === 'awaiting_review' ? 'rejected' : null;
  if (status === 'awaiting_review') return null;
  return 'unchanged-rules';
}

describe('review moves in the lifecycle', () => {
  const table = KINDS.flatMap((kind) => STATUSES.flatMap((status) => ACTIONS.map((action) => [kind, status, action] as const)))
    .filter(([kind, status, action]) => expected(kind, status, action) !== 'unchanged-rules');
  it.each(table)('%s %s + %s', (kind, status, action) => {
    expect(nextCommissionStatus(kind, status, action)).toBe(expected(kind, status, action));
  });
});

describe('checkReview', () => {
  it.each<[string, Record<string, unknown>, string | null]>([
    ['approve without reason', { ids: [ID], decision: 'approve' }, null],
    ['decline with reason', { ids: [ID], decision: 'decline', reason: 'invoice unreadable' }, null],
    ['decline without reason', { ids: [ID], decision: 'decline', reason: '  ' }, 'reason'],
    ['unknown decision', { ids: [ID], decision: 'maybe', reason: 'x' }, 'decision'],
    ['no ids', { ids: [], decision: 'approve' }, 'ids'],
    ['ids not uuids', { ids: ['nope'], decision: 'approve' }, 'ids'],
    ['too many ids', { ids: Array.from({ length: 501 }, () => ID), decision: 'approve' }, 'ids'],
    ['reason not a text', { ids: [ID], decision: 'approve', reason: 7 }, 'reason'],
    ['reason too long', { ids: [ID], decision: 'decline', reason: 'x'.repeat(2001) }, 'reason'],
  ])('%s', (_what, command, field) => {
    const checked = checkReview(command);
    if (field === null) expect(checked.ok).toBe(true);
    else expect(checked).toEqual({ ok: false, errors: [expect.objectContaining({ field })] });
  });

  it('trims the reason and drops repeated ids', () => {
    expect(checkReview({ ids: [ID, ID], decision: 'decline', reason: ' blurry ' })).toEqual({ ok: true, ids: [ID], decision: 'decline', reason: 'blurry' });
  });
});
