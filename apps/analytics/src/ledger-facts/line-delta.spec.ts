import type { CommissionStatus } from '@spiffworks/contracts';
import { isZero, lineDelta, supersedes } from './line-delta';
import type { LineDelta, LineFigures } from './line-delta';

/** The worked example: 2 × $1,000, gold 12 % → 240, fixed $100 spiff → 200, total 440. */
const line = (status: CommissionStatus): LineFigures => ({
  kind: 'sale',
  status,
  revenue: '2000.00',
  commission_amount: '240.00',
  spiff_bonus: '200.00',
  total_commission: '440.00',
  spiff_bonuses: [{ spiff_id: 's-1', bonus: '200.00' }],
});
const reward: LineFigures = {
  kind: 'milestone_reward', status: 'pending', revenue: '0', commission_amount: '0', spiff_bonus: '0', total_commission: '50.00', spiff_bonuses: [],
};
const spiffIn = { spiff_id: 's-1', sales: 1, revenue: '2000.00', bonus: '200.00' };
const spiffOut = { spiff_id: 's-1', sales: -1, revenue: '-2000.00', bonus: '-200.00' };
const zeros = { pending: '0.00', approved: '0.00', paid: '0.00', base: '0.00', bonus: '0.00', commission: '0.00', reward: '0.00', spiffs: [] };

describe('lineDelta', () => {
  it.each<[string, LineFigures | null, LineFigures, LineDelta]>([
    ['recorded (pending)', null, line('pending'),
      { ...zeros, pending: '440.00', base: '240.00', bonus: '200.00', commission: '440.00', spiffs: [spiffIn] }],
    ['first seen already approved (events out of order)', null, line('approved'),
      { ...zeros, approved: '440.00', base: '240.00', bonus: '200.00', commission: '440.00', spiffs: [spiffIn] }],
    ['pending → approved moves the bucket only', line('pending'), line('approved'), { ...zeros, pending: '-440.00', approved: '440.00' }],
    ['approved → paid', line('approved'), line('paid'), { ...zeros, approved: '-440.00', paid: '440.00' }],
    ['pending → rejected removes everything', line('pending'), line('rejected'),
      { ...zeros, pending: '-440.00', base: '-240.00', bonus: '-200.00', commission: '-440.00', spiffs: [spiffOut] }],
    ['approved → rejected', line('approved'), line('rejected'),
      { ...zeros, approved: '-440.00', base: '-240.00', bonus: '-200.00', commission: '-440.00', spiffs: [spiffOut] }],
    ['first seen rejected counts nothing', null, line('rejected'), zeros],
    ['awaiting review counts as pending', null, line('awaiting_review'),
      { ...zeros, pending: '440.00', base: '240.00', bonus: '200.00', commission: '440.00', spiffs: [spiffIn] }],
    ['reviewed → pending moves nothing', line('awaiting_review'), line('pending'), zeros],
    ['declined (awaiting review → rejected) removes everything', line('awaiting_review'), line('rejected'),
      { ...zeros, pending: '-440.00', base: '-240.00', bonus: '-200.00', commission: '-440.00', spiffs: [spiffOut] }],
    ['a milestone reward counts in its status bucket and as a reward', null, reward, { ...zeros, pending: '50.00', reward: '50.00' }],
    ['a rejected milestone reward takes its reward back', reward, { ...reward, status: 'rejected' }, { ...zeros, pending: '-50.00', reward: '-50.00' }],
    ['a reward clawback takes the reward back', null, { ...reward, kind: 'reward_clawback', total_commission: '-50.00' }, { ...zeros, pending: '-50.00', reward: '-50.00' }],
  ])('%s', (_, before, after, expected) => {
    expect(lineDelta(before, after)).toEqual(expected);
  });

  it('orders spiffs by id and adds up repeated entries of one spiff', () => {
    const after: LineFigures = {
      ...line('pending'),
      spiff_bonus: '230.10',
      spiff_bonuses: [{ spiff_id: 's-2', bonus: '0.10' }, { spiff_id: 's-1', bonus: '200.00' }, { spiff_id: 's-2', bonus: '30.00' }],
    };
    expect(lineDelta(null, after).spiffs).toEqual([spiffIn, { spiff_id: 's-2', sales: 1, revenue: '2000.00', bonus: '30.10' }]);
  });

  it('adds decimals exactly (no binary float drift)', () => {
    const a: LineFigures = { ...reward, commission_amount: '0.10', spiff_bonus: '0.20', total_commission: '0.30' };
    expect(lineDelta(null, a)).toMatchObject({ commission: '0.30', pending: '0.30' });
  });
});

describe('amounts whole cents cannot hold', () => {
  // A line's amounts are numeric(18,2): up to 16 digits before the point, past what cents hold exactly in a float.
  const wide: LineFigures = {
    kind: 'sale', status: 'approved', revenue: '9999999999999999.99', commission_amount: '1234567890123456.78', spiff_bonus: '0.01',
    total_commission: '1234567890123456.79', spiff_bonuses: [{ spiff_id: 's-1', bonus: '0.01' }],
  };

  it('are worked out in decimals, exactly', () => {
    expect(lineDelta(null, wide)).toEqual({
      ...zeros, approved: '1234567890123456.79', base: '1234567890123456.78', bonus: '0.01', commission: '1234567890123456.79',
      spiffs: [{ spiff_id: 's-1', sales: 1, revenue: '9999999999999999.99', bonus: '0.01' }],
    });
    expect(lineDelta(wide, { ...wide, status: 'paid' })).toEqual({ ...zeros, approved: '-1234567890123456.79', paid: '1234567890123456.79' });
  });

  it('a sum past 2^53 cents from amounts that each fit is worked out in decimals too', () => {
    const bonus = '9999999999999.99';
    const many: LineFigures = { ...wide, revenue: '1.00', spiff_bonuses: Array(10).fill({ spiff_id: 's-1', bonus }) };
    expect(lineDelta(null, many).spiffs).toEqual([{ spiff_id: 's-1', sales: 1, revenue: '1.00', bonus: '99999999999999.90' }]);
  });

  it('three decimals are rounded to the cent as the decimal rule always did', () => {
    expect(lineDelta(null, { ...reward, total_commission: '10.005' })).toMatchObject({ pending: '10.01', reward: '10.01' });
  });
});

describe('supersedes', () => {
  it.each<[CommissionStatus, CommissionStatus, boolean]>([
    ['approved', 'pending', true],
    ['paid', 'approved', true],
    ['paid', 'pending', true],
    ['rejected', 'pending', true],
    ['rejected', 'approved', true],
    ['pending', 'pending', false],
    ['pending', 'approved', false],
    ['approved', 'paid', false],
    ['pending', 'rejected', false],
    ['approved', 'rejected', false],
  ])('%s over %s → %p', (next, current, expected) => {
    expect(supersedes(next, current)).toBe(expected);
  });
});

describe('isZero', () => {
  it.each<[string, boolean]>([
    ['0', true], ['0.00', true], ['-0.00', true], ['0.01', false], ['-440.00', false], ['0.000', true], ['0.001', false], ['-0.0000000001', false],
    ['10000000000000000.00', false], ['00000000000000000.00', true],
  ])('%s → %p', (v, expected) => {
    expect(isZero(v)).toBe(expected);
  });
});

describe('a clawback line', () => {
  it('takes back revenue, base and bonus in the pending bucket, without taking back the sale', () => {
    const clawback: LineFigures = {
      kind: 'clawback', status: 'pending', revenue: '-1000.00', commission_amount: '-120.00', spiff_bonus: '-100.00',
      total_commission: '-220.00', spiff_bonuses: [{ spiff_id: 's-1', bonus: '-100.00' }],
    };
    expect(lineDelta(null, clawback)).toEqual({
      pending: '-220.00', approved: '0.00', paid: '0.00', base: '-120.00', bonus: '-100.00', commission: '-220.00', reward: '0.00',
      spiffs: [{ spiff_id: 's-1', sales: 0, revenue: '-1000.00', bonus: '-100.00' }],
    });
  });
});

describe('a clawback reversal line', () => {
  it('gives back what its clawback took, without counting a sale', () => {
    const reversal: LineFigures = {
      kind: 'clawback_reversal', status: 'pending', revenue: '1000.00', commission_amount: '120.00', spiff_bonus: '100.00',
      total_commission: '220.00', spiff_bonuses: [{ spiff_id: 's-1', bonus: '100.00' }],
    };
    expect(lineDelta(null, reversal)).toEqual({
      pending: '220.00', approved: '0.00', paid: '0.00', base: '120.00', bonus: '100.00', commission: '220.00', reward: '0.00',
      spiffs: [{ spiff_id: 's-1', sales: 0, revenue: '1000.00', bonus: '100.00' }],
    });
  });
});
