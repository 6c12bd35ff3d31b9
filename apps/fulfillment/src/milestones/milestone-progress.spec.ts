import type { Milestone } from '@spiffworks/contracts';
import { achievementsLost, milestonesReached, percentReached } from './milestone-progress';
import type { ReachedThreshold } from './milestone-progress';

const tenUnits: Milestone = { name: '10 laptops', metric: 'units', threshold: 10, reward_amount: 500 };
const bigRevenue: Milestone = { name: '$50k', metric: 'revenue', threshold: 50_000, reward_amount: 1000 };

describe('milestonesReached', () => {
  it.each<[string, number, string, string[]]>([
    ['nothing sold', 0, '0', []],
    ['one unit short', 9, '49999.99', []],
    ['exactly the units', 10, '100', ['10 laptops']],
    ['past the units', 12, '100', ['10 laptops']],
    ['exactly the revenue', 1, '50000.00', ['$50k']],
    ['both', 10, '50000.01', ['10 laptops', '$50k']],
  ])('%s', (_, units, revenue, expected) => {
    expect(milestonesReached([tenUnits, bigRevenue], { units, revenue }).map((m) => m.name)).toEqual(expected);
  });
});

describe('percentReached', () => {
  it.each<[Milestone, number, string, number]>([
    [tenUnits, 0, '0', 0],
    [tenUnits, 3, '0', 30],
    [tenUnits, 15, '0', 100],
    [bigRevenue, 0, '16666.66', 33.33],
    [bigRevenue, 0, '49999.99', 99.99],
  ])('%s at %p units / %p revenue → %p %%', (milestone, units, revenue, expected) => {
    expect(percentReached(milestone, { units, revenue })).toBe(expected);
  });
});

describe('achievementsLost', () => {
  const twoUnits: ReachedThreshold & { name: string } = { name: '2 units', metric: 'units', threshold: '2' };
  const revenue: ReachedThreshold & { name: string } = { name: '$1,000', metric: 'revenue', threshold: '1000.00' };

  it.each<[string, number, string, string[]]>([
    ['still exactly at both thresholds', 2, '1000.00', []],
    ['still past both', 5, '2500.00', []],
    ['one unit below', 1, '1000.00', ['2 units']],
    ['every unit returned', 0, '0.00', ['2 units', '$1,000']],
    ['a cent below the revenue', 2, '999.99', ['$1,000']],
  ])('%s', (_, units, revenueNow, expected) => {
    expect(achievementsLost([twoUnits, revenue], { units, revenue: revenueNow }).map((a) => a.name)).toEqual(expected);
  });
});
