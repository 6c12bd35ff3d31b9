import { isTargetedBy, shouldJoinSpiff } from './spiff-eligibility';
import type { CandidatePartner, TargetedSpiff } from './spiff-eligibility';

const tierSpiff: TargetedSpiff = {
  assignment_type: 'tier',
  target_tiers: ['gold', 'platinum'],
  target_partners: [],
  status: 'active',
  end_date: '2025-03-31',
  created_at: new Date('2025-01-01T10:00:00Z'),
};
const individualSpiff: TargetedSpiff = { ...tierSpiff, assignment_type: 'individual', target_tiers: [], target_partners: ['p-1'] };
const gold: CandidatePartner = { id: 'p-1', tier: 'gold', status: 'approved' };

describe('isTargetedBy', () => {
  it.each<[string, TargetedSpiff, CandidatePartner, boolean]>([
    ['approved gold, gold+platinum spiff', tierSpiff, gold, true],
    ['approved platinum', tierSpiff, { ...gold, tier: 'platinum' }, true],
    ['approved silver', tierSpiff, { ...gold, tier: 'silver' }, false],
    ['pending gold', tierSpiff, { ...gold, status: 'pending' }, false],
    ['suspended gold', tierSpiff, { ...gold, status: 'suspended' }, false],
    ['cancelled spiff', { ...tierSpiff, status: 'cancelled' }, gold, false],
    ['listed partner of an individual spiff', individualSpiff, gold, true],
    ['unlisted partner of an individual spiff', individualSpiff, { ...gold, id: 'p-2' }, false],
    ['listed but pending partner', individualSpiff, { ...gold, status: 'pending' }, false],
    ['individual spiff ignores tier', individualSpiff, { ...gold, tier: 'bronze' }, true],
  ])('%s → %p', (_, spiff, partner, expected) => {
    expect(isTargetedBy(spiff, partner)).toBe(expected);
  });
});

describe('shouldJoinSpiff', () => {
  it.each<[string, string, string, boolean]>([
    ['spiff still running', '2025-02-10', '2025-02-10T00:00:00Z', true],
    ['last day of the spiff', '2025-03-31', '2025-03-31T12:00:00Z', true],
    ['spiff ended before the partner qualified', '2025-04-01', '2025-04-01T00:00:00Z', false],
    ['ended spiff, but the partner qualified before it was created', '2026-11-26', '2024-12-31T00:00:00Z', true],
  ])('%s → %p', (_, today, changedAt, expected) => {
    expect(shouldJoinSpiff(tierSpiff, gold, today, new Date(changedAt))).toBe(expected);
  });

  it('never joins a spiff that does not target the partner', () => {
    expect(shouldJoinSpiff(tierSpiff, { ...gold, tier: 'silver' }, '2025-02-10', new Date('2024-01-01'))).toBe(false);
  });
});
