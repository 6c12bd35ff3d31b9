import { randomUUID } from 'node:crypto';
import { ErrorCode, Events, Rpc, SALES_EXPORT_COLUMNS } from '@spiffworks/contracts';
import type { ProductSnapshot, SaleLoggedPayload, SalesExportFilters, SalesExportPage } from '@spiffworks/contracts';
import { ANALYST, AnalyticsHarness, partnerSnapshot, sale, saleLine, spiffSnapshot, transitioned } from './analytics-harness';

const column = (name: (typeof SALES_EXPORT_COLUMNS)[number]): number => SALES_EXPORT_COLUMNS.indexOf(name);

/** The sales file's page query: keyset pages of `sales` with names and ledger lines (real PostgreSQL and RabbitMQ). */
describe('analytics sales export pages', () => {
  let h: AnalyticsHarness;

  beforeAll(async () => {
    h = await AnalyticsHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  const page = (body: Record<string, unknown>) => h.call<SalesExportPage>(Rpc.analytics.SalesExportPage, body, ANALYST);

  /** Every page of the file, `limit` sales at a time, as the gateway asks them. */
  async function pagesOf(filters: SalesExportFilters, limit: number): Promise<SalesExportPage[]> {
    const pages: SalesExportPage[] = [];
    let after: SalesExportPage['next'] = null;
    do {
      const next: SalesExportPage = await page({ ...filters, after, limit });
      pages.push(next);
      after = next.next;
    } while (after && pages.length < 100);
    return pages;
  }

  /** The records of the pages; none of these tests' cells needs CSV quoting but the one that says so. */
  const recordsOf = (pages: SalesExportPage[]): string[][] => pages.flatMap((p) => p.csv.split('\n').filter(Boolean).map((r) => r.split(',')));
  const product = (name: string): ProductSnapshot => ({ id: randomUUID(), name, sku: `SKU-${randomUUID()}`, commission_rate: 12, commission_rates: {} });

  it('pages by (sale_date, sale_id), no sale skipped or repeated, when many sales share a date', async () => {
    const partner = partnerSnapshot('Keyset Partners');
    const laptop = randomUUID();
    const sales = [
      ...Array.from({ length: 7 }, () => sale(partner, laptop, '2025-02-01', 1, '10.00', '10.00')),
      sale(partner, laptop, '2025-01-31', 1, '10.00', '10.00'),
      sale(partner, laptop, '2025-02-02', 1, '10.00', '10.00'),
    ];
    await h.apply(h.partner(partner), ...sales.map((s) => h.saleLogged(s)));
    const expected = (await h.db.query<{ sale_id: string }>('SELECT sale_id FROM sales WHERE partner_id = $1 ORDER BY sale_date, sale_id', [partner.id])).rows.map((r) => r.sale_id);
    expect(expected).toHaveLength(9);

    const byTwo = await pagesOf({ partner_id: partner.id }, 2);
    expect(byTwo.map((p) => p.rows)).toEqual([2, 2, 2, 2, 1]);
    expect(byTwo.at(-1)!.next).toBeNull();
    expect(recordsOf(byTwo).map((r) => r[column('sale_id')])).toEqual(expected);
    // A page boundary inside the seven sales of 2025-02-01: the cursor is the date and the id.
    expect(byTwo[1].next).toEqual({ sale_date: '2025-02-01', sale_id: expected[3] });

    // A full last page is followed by an empty one.
    const byThree = await pagesOf({ partner_id: partner.id }, 3);
    expect(byThree.map((p) => p.rows)).toEqual([3, 3, 3, 0]);
    expect(byThree.at(-1)!.csv).toBe('');
    expect(recordsOf(byThree).map((r) => r[column('sale_id')])).toEqual(expected);
  });

  it("writes each sale's names, amounts to the cent and its ledger line as last heard of; a sale without a line yet has empty commission cells", async () => {
    const partner = partnerSnapshot('Cells Partners', 'platinum');
    const laptop = product('Laptop Pro 14');
    const spiff = spiffSnapshot('Q1 push', [laptop.id], '2025-01-01', '2025-03-31');
    const booked = sale(partner, laptop.id, '2025-01-15', 2, '1000.00', '2000.00');
    const waiting = sale(partner, laptop.id, '2025-01-16', 3, '33.33', '99.99');
    const line = saleLine(booked, { base: '240.00', bonuses: [{ spiff_id: spiff.id, bonus: '200.00' }], total: '440.00' });
    await h.apply(h.partner(partner), h.broker.envelope(Events.ProductCreated, laptop, 'campaigns'), h.spiffCreated(spiff), h.saleLogged(booked), h.saleLogged(waiting));
    await h.applyInOrder(h.commission(line), h.commission(transitioned(line, 'approved')));

    const [first] = await pagesOf({ partner_id: partner.id }, 100);
    expect(first.csv.split('\n')).toEqual([
      `${booked.sale_id},2025-01-15,${partner.id},Cells Partners,platinum,${laptop.id},Laptop Pro 14,2,2000.00,240.00,200.00,440.00,approved,${spiff.id}`,
      `${waiting.sale_id},2025-01-16,${partner.id},Cells Partners,platinum,${laptop.id},Laptop Pro 14,3,99.99,,,,,`,
      '',
    ]);
  });

  it('neutralizes a name that would run as a formula and quotes one holding a comma', async () => {
    const partner = partnerSnapshot('=HYPERLINK("http://x"),1');
    const s = sale(partner, randomUUID(), '2025-05-05', 1, '5.00', '5.00');
    await h.apply(h.partner(partner), h.saleLogged(s));
    const [first] = await pagesOf({ partner_id: partner.id }, 10);
    expect(first.csv).toBe(`${s.sale_id},2025-05-05,${partner.id},"'=HYPERLINK(""http://x""),1",gold,${s.product_id},,1,5.00,,,,,\n`);
  });

  it('selects by sale date range (both ends included), partner, tier, product and spiff', async () => {
    const gold = partnerSnapshot('Filter Gold', 'gold');
    const silver = partnerSnapshot('Filter Silver', 'silver');
    const [laptop, monitor] = [randomUUID(), randomUUID()];
    const spiff = spiffSnapshot('Filter spiff', [laptop], '2025-03-01', '2025-03-31');
    const sales: Record<string, SaleLoggedPayload> = {
      goldLaptopMar1: sale(gold, laptop, '2025-03-01', 1, '100.00', '100.00'),
      goldMonitorMar15: sale(gold, monitor, '2025-03-15', 1, '50.00', '50.00'),
      goldLaptopMar31: sale(gold, laptop, '2025-03-31', 1, '100.00', '100.00'),
      goldLaptopApr1: sale(gold, laptop, '2025-04-01', 1, '100.00', '100.00'),
      silverLaptopMar10: sale(silver, laptop, '2025-03-10', 1, '100.00', '100.00'),
    };
    const bonus = [{ spiff_id: spiff.id, bonus: '5.00' }];
    await h.apply(h.partner(gold), h.partner(silver), h.spiffCreated(spiff), ...Object.values(sales).map((s) => h.saleLogged(s)));
    await h.apply(
      h.commission(saleLine(sales.goldLaptopMar1, { base: '12.00', bonuses: bonus, total: '17.00' })),
      h.commission(saleLine(sales.goldMonitorMar15, { base: '6.00', total: '6.00' })),
      h.commission(saleLine(sales.silverLaptopMar10, { base: '10.00', bonuses: bonus, total: '15.00' })),
    );
    const partners = [gold.id, silver.id];
    const named = (filters: SalesExportFilters) => pagesOf(filters, 2).then((pages) => {
      const ids = recordsOf(pages).filter((r) => partners.includes(r[column('partner_id')])).map((r) => r[column('sale_id')]);
      return Object.entries(sales).filter(([, s]) => ids.includes(s.sale_id)).map(([name]) => name).sort();
    });

    expect(await named({ partner_id: gold.id, from: '2025-03-01', to: '2025-03-31' })).toEqual(['goldLaptopMar1', 'goldLaptopMar31', 'goldMonitorMar15']);
    expect(await named({ partner_id: gold.id, from: '2025-03-31' })).toEqual(['goldLaptopApr1', 'goldLaptopMar31']);
    expect(await named({ partner_id: gold.id, product_id: laptop, to: '2025-03-31' })).toEqual(['goldLaptopMar1', 'goldLaptopMar31']);
    expect(await named({ tier: 'silver', product_id: laptop })).toEqual(['silverLaptopMar10']);
    expect(await named({ spiff_id: spiff.id })).toEqual(['goldLaptopMar1', 'silverLaptopMar10']);
    expect(await named({ spiff_id: spiff.id, tier: 'gold' })).toEqual(['goldLaptopMar1']);
    expect(await named({ partner_id: randomUUID() })).toEqual([]);

    // A partner user gets its own sales whatever partner it names; one without a partner, nothing.
    const asSilver = { user_id: randomUUID(), role: 'partner' as const, partner_id: silver.id };
    const own = await h.call<SalesExportPage>(Rpc.analytics.SalesExportPage, { partner_id: gold.id, after: null, limit: 100 }, asSilver);
    expect(recordsOf([own]).map((r) => r[column('partner_id')])).toEqual([silver.id]);
    const orphan = await h.failure(Rpc.analytics.SalesExportPage, { after: null, limit: 10 }, { ...asSilver, partner_id: null });
    expect(orphan).toMatchObject({ code: 'PARTNER_USER_REQUIRED' });
  });

  it('refuses a bad filter or page with a 400 naming the field, reading nothing', async () => {
    for (const [body, field] of [
      [{ from: '2025-02-30' }, 'from'],
      [{ from: '2025-02-01', to: '2025-01-01' }, 'to'],
      [{ tier: 'diamond' }, 'tier'],
      [{ partner_id: "x' OR 1=1 --" }, 'partner_id'],
      [{ limit: 100_000 }, 'limit'],
    ] as const) {
      const failure = await h.failure(Rpc.analytics.SalesExportPage, { after: null, limit: 10, ...body }, ANALYST);
      expect({ field, failure }).toMatchObject({ field, failure: { status: 400, code: ErrorCode.VALIDATION_FAILED, errors: [expect.objectContaining({ field })] } });
    }
  });
});
