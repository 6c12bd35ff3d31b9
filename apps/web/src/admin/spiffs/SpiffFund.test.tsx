import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, mockApi, signInAs } from '../../test/render';
import { fundText } from '../../partner/OpportunitiesPage';
import { seedOpportunity } from '../../partner/fixtures';
import { previewSale } from '../../partner/sale-preview';
import { fundErrors } from './SpiffForm';
import { SpiffFundCard, fundSummary } from './SpiffFundCard';

const SPIFF = '5f0c2d4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const budget = { amount: 5000, per_partner_cap: null, committed: 4000, remaining: 1000, forecast_exhausted_on: '2025-02-14' };
const spiffTerms = { id: SPIFF, name: 'Fund', description: null, incentive_amount: 100, incentive_type: 'fixed' as const, start_date: '2025-01-01', end_date: '2025-03-31' };

describe('spiff funds in the portal', () => {
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it.each<[string, number | string, number | string, Record<string, string>]>([
    ['no fund', '', '', {}],
    ['a fund and a cap', 5000, 500, {}],
    ['a zero fund', 0, '', { budget_amount: 'Enter a fund above 0, or leave it empty' }],
    ['a fraction of a cent', 10.005, '', { budget_amount: 'At most 2 decimals' }],
    ['a cap without a fund', '', 50, { per_partner_cap: 'A cap needs a fund' }],
    ['a cap above the fund', 100, 100.01, { per_partner_cap: 'The cap cannot be above the fund' }],
  ])('checks the fund like the API: %s', (_, amount, cap, expected) => {
    expect(fundErrors(amount, cap)).toEqual(expected);
  });

  it('says what is left and when it runs out, or that it is exhausted', () => {
    expect(fundSummary(budget)).toMatch(/1,000\.00 left; at the last 7 days' pace it runs out on Feb 14, 2025/);
    expect(fundSummary({ ...budget, forecast_exhausted_on: null })).toMatch(/nothing was granted in the last 7 days/);
    expect(fundSummary({ ...budget, committed: 5000, remaining: 0, forecast_exhausted_on: '2025-02-01' })).toMatch(/^Fund exhausted on Feb 1, 2025/);
  });

  it("shows a partner the fund's remainder, or that it is exhausted", () => {
    expect(fundText({ ...spiffTerms, fund: null })).toBeNull();
    expect(fundText({ ...spiffTerms, fund: { remaining: 250.5, exhausted: false } })).toMatch(/250\.50 left in the fund/);
    expect(fundText({ ...spiffTerms, fund: { remaining: 0, exhausted: true } })).toMatch(/^Fund exhausted/);
  });

  it("previews a budgeted spiff's bonus at most at what its fund still holds", () => {
    const draft = { product_id: seedOpportunity.products[0].id, quantity: 2, unit_price: '1000', sale_date: '2025-01-15' };
    const withFund = (remaining: number) => [{ ...seedOpportunity, spiff: { ...seedOpportunity.spiff!, fund: { remaining, exhausted: remaining === 0 } } }];
    expect(previewSale(draft, withFund(1000))!.bonus.toFixed(2)).toBe('200.00');
    expect(previewSale(draft, withFund(55.5))!.bonus.toFixed(2)).toBe('55.50');
    expect(previewSale(draft, withFund(0))!.bonus.toFixed(2)).toBe('0.00');
  });

  it('shows the fund card: budget, committed, remaining and the burn-down', async () => {
    mockApi({
      [`GET /api/spiffs/${SPIFF}`]: () => ({ id: SPIFF, name: 'Fund', budget_amount: 5000, per_partner_cap: null, budget }),
      [`GET /api/analytics/spiffs/${SPIFF}`]: () => ({ spiff_id: SPIFF, burn_down: [{ day: '2025-01-10', bonus: 1500, cumulative: 1500 }, { day: '2025-01-20', bonus: 2500, cumulative: 4000 }] }),
    });
    render(<TestProviders><SpiffFundCard spiffId={SPIFF} /></TestProviders>);
    expect(await screen.findByText('Committed')).toBeVisible();
    expect(screen.getByText('Committed').nextSibling).toHaveTextContent('$4,000.00');
    expect(screen.getByText('Remaining').nextSibling).toHaveTextContent('$1,000.00');
    expect(screen.getByLabelText('Committed of the fund: 80 %')).toBeInTheDocument();
    expect(await screen.findByText(/Burn-down: 2025-01-10 \$1,500\.00, 2025-01-20 \$4,000\.00/)).toBeInTheDocument();
  });
});
