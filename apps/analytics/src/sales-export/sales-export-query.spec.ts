import type { SalesExportPageQuery } from '@spiffworks/contracts';
import { salesExportQueryErrors } from './sales-export-query';

const ID = '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70';
const valid: SalesExportPageQuery = { after: null, limit: 1000 };

describe('salesExportQueryErrors', () => {
  it.each<[string, Partial<SalesExportPageQuery> & Record<string, unknown>, string[]]>([
    ['no filter', {}, []],
    ['every filter', { from: '2025-01-01', to: '2025-01-01', partner_id: ID, tier: 'gold', product_id: ID, spiff_id: ID }, []],
    ['a cursor', { after: { sale_date: '2025-01-15', sale_id: ID } }, []],
    ['a date that is not one', { from: '2025-02-30' }, ['from']],
    ['to before from', { from: '2025-02-01', to: '2025-01-31' }, ['to']],
    ['an id that is not a uuid', { partner_id: 'p1', product_id: ID, spiff_id: "1' OR 1=1" }, ['partner_id', 'spiff_id']],
    ['an unknown tier', { tier: 'diamond' }, ['tier']],
    ['a page of none', { limit: 0 }, ['limit']],
    ['a page too large', { limit: 5001 }, ['limit']],
    ['a cursor without its date', { after: { sale_id: ID } as SalesExportPageQuery['after'] }, ['after']],
  ])('%s', (_case, change, fields) => {
    expect(salesExportQueryErrors({ ...valid, ...change }).map((e) => e.field)).toEqual(fields);
  });
});
