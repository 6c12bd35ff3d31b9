import { randomUUID } from 'node:crypto';
import { Events, Rpc } from '@spiffworks/contracts';
import type { DimensionsView, ProductSnapshot } from '@spiffworks/contracts';
import { ANALYST, AnalyticsHarness, partnerSnapshot, spiffSnapshot } from './analytics-harness';

/** The choices of the time-series filters, from analytics' own read models (real PostgreSQL and RabbitMQ). */
describe('analytics dimensions: partners, products and spiffs to filter by', () => {
  let h: AnalyticsHarness;
  const run = randomUUID().slice(0, 8); // names unique to this run, so searches see only its rows

  beforeAll(async () => {
    h = await AnalyticsHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  const dimensions = (body: Record<string, unknown>) => h.call<DimensionsView>(Rpc.analytics.Dimensions, body, ANALYST);
  const product = (name: string): ProductSnapshot => ({ id: randomUUID(), name, sku: `SKU-${randomUUID()}`, commission_rate: 10, commission_rates: {} });

  it('lists partners by name with their tier, products from product.created, spiffs with their period', async () => {
    const [zeta, alpha, beta] = [`Zeta ${run}`, `alpha ${run}`, `Beta ${run}`].map((name, i) => partnerSnapshot(name, i === 1 ? 'silver' : 'gold'));
    const laptop = product(`Laptop ${run}`);
    const spiff = spiffSnapshot(`Push ${run}`, [laptop.id], '2025-01-01', '2025-03-31');
    await h.apply(
      h.partner(zeta), h.partner(alpha), h.partner(beta),
      h.broker.envelope(Events.ProductCreated, laptop, 'campaigns'),
      h.spiffCreated(spiff),
    );

    expect(await dimensions({ kind: 'partner', search: run })).toEqual({
      kind: 'partner',
      items: [
        { id: alpha.id, name: alpha.name, tier: 'silver', start_date: null, end_date: null },
        { id: beta.id, name: beta.name, tier: 'gold', start_date: null, end_date: null },
        { id: zeta.id, name: zeta.name, tier: 'gold', start_date: null, end_date: null },
      ],
    });
    expect(await dimensions({ kind: 'product', search: run.toUpperCase() })).toEqual({
      kind: 'product', items: [{ id: laptop.id, name: laptop.name, tier: null, start_date: null, end_date: null }],
    });
    expect(await dimensions({ kind: 'spiff', search: `push ${run}` })).toEqual({
      kind: 'spiff', items: [{ id: spiff.id, name: spiff.name, tier: null, start_date: '2025-01-01', end_date: '2025-03-31' }],
    });
  });

  it('caps the answer at limit (at most 50), and reads % and _ in a search as themselves', async () => {
    const names = Array.from({ length: 3 }, (_, i) => partnerSnapshot(`Cap ${run} ${i}`));
    const percent = partnerSnapshot(`100% ${run}`);
    const underscore = partnerSnapshot(`a_b ${run}`);
    await h.apply(...[...names, percent, underscore].map((p) => h.partner(p)));

    expect((await dimensions({ kind: 'partner', search: `cap ${run}`, limit: 2 })).items.map((i) => i.name)).toEqual([`Cap ${run} 0`, `Cap ${run} 1`]);
    expect((await dimensions({ kind: 'partner', search: `% ${run}` })).items.map((i) => i.id)).toEqual([percent.id]);
    expect((await dimensions({ kind: 'partner', search: `a_b ${run}` })).items.map((i) => i.id)).toEqual([underscore.id]);
    expect((await dimensions({ kind: 'partner', search: `axb ${run}` })).items).toEqual([]);
    expect((await dimensions({ kind: 'partner', limit: 500 })).items.length).toBeLessThanOrEqual(50);
  });

  it('takes a chunk of imported partners (one partner.imported) as it takes each partner event; an older snapshot changes nothing', async () => {
    const imported = Array.from({ length: 500 }, (_, i) => ({ ...partnerSnapshot(`Imported ${run} ${String(i).padStart(3, '0')}`, i % 2 ? 'silver' : 'bronze'), version: 1 }));
    const renamed = { ...imported[0], name: `Renamed ${run}`, version: 2 };
    await h.apply(h.partner(renamed, Events.PartnerUpdated), h.broker.envelope(Events.PartnersImported, { import_id: randomUUID(), partners: imported }, 'partners'));

    const listed = await dimensions({ kind: 'partner', search: `imported ${run}`, limit: 50 });
    expect(listed.items.slice(0, 2)).toEqual([
      { id: imported[1].id, name: imported[1].name, tier: 'silver', start_date: null, end_date: null },
      { id: imported[2].id, name: imported[2].name, tier: 'bronze', start_date: null, end_date: null },
    ]);
    const summaries = await h.db.query('SELECT count(*)::int AS n FROM partner_summaries WHERE partner_id = ANY ($1::uuid[])', [imported.map((p) => p.id)]);
    expect(summaries.rows[0].n).toBe(500);
    expect((await dimensions({ kind: 'partner', search: `renamed ${run}` })).items.map((i) => i.id)).toEqual([imported[0].id]);
  });
});
