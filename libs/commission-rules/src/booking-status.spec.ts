import type { SaleLoggedPayload, SpiffCandidate } from '@spiffworks/contracts';
import { saleBookingStatus } from './booking-status';

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
