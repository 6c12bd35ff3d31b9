import type { Milestone } from '@spiffworks/contracts';
import { milestonesReached, percentReached } from './milestone-progress';

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
