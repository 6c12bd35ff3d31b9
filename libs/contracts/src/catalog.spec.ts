import { commissionRateForTier } from './catalog';

describe('commissionRateForTier', () => {
  const product = { commission_rate: 10, commission_rates: { gold: 12, platinum: 15 } };
  it.each([
    ['gold', 12],
    ['platinum', 15],
    ['silver', 10],
    ['bronze', 10],
  ] as const)('%s partners earn %p %%', (tier, rate) => {
    expect(commissionRateForTier(product, tier)).toBe(rate);
  });
});
