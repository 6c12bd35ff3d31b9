import { todayUtc } from '@spiffworks/contracts';
import type { CommissionView, Opportunity, Page } from '@spiffworks/contracts';
import type { GatewayClient } from '@spiffworks/testing';
import { eventually } from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';
import { ErrorCode } from '@spiffworks/contracts';

describe('campaign lifecycle: late joiners, cancel, extend, returns', () => {
  let running: RunningPlatform;
  let api: GatewayClient;
  let admin: string;
  let laptop: string;
  let dock: string;
  const today = todayUtc();

  beforeAll(async () => {
    running = await startPlatform();
    ({ api, admin } = running);
    laptop = (await api.post('/api/products', { name: 'Laptop', sku: 'LC-LAP', commission_rate: 10 }, admin)).body.id;
    dock = (await api.post('/api/products', { name: 'Dock', sku: 'LC-DOCK', commission_rate: 5 }, admin)).body.id;
  });
  afterAll(() => stopPlatform(running));

  const opportunities = async (partner: CreatedPartner): Promise<Opportunity[]> =>
    (await api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', partner.token)).body.opportunities;
  const ofSpiff = async (partner: CreatedPartner, spiffId: string): Promise<Opportunity | undefined> =>
    (await opportunities(partner)).find((o) => o.spiff?.id === spiffId);
  const runningSpiff = async (body: Record<string, unknown>): Promise<string> => {
    const created = await api.post('/api/spiffs', {
      target_products: [laptop], incentive_amount: 50, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2999-12-31', ...body,
    }, admin);
    expect(created.status).toBe(201);
    return created.body.id;
  };
  /** The partner's ledger once it has booked at least `sales` sale lines (it books them from `sale.logged`). */
  const ledgerOf = (partnerId: string, sales = 1): Promise<CommissionView[]> => eventually(
    async () => (await api.get<Page<CommissionView>>(`/api/commissions?partner_id=${partnerId}&page_size=500`, admin)).body.items,
    (items) => items.filter((line) => line.kind === 'sale').length >= sales,
  );

  it('a partner approved after the spiff started, or moved into its tier, gets the assignment then; moved out, keeps it', async () => {
    const spiffId = await runningSpiff({ name: 'Gold rush', assignment_type: 'tier', target_tiers: ['gold'] });
    const late = await createPartner(api, admin, 'gold', { approve: false });
    const promoted = await createPartner(api, admin, 'silver');
    expect(await ofSpiff(late, spiffId)).toBeUndefined();

    await api.post(`/api/partners/${late.id}/approve`, {}, admin);
    await eventually(() => ofSpiff(late, spiffId), (o) => o?.status === 'active');
    expect((await api.patch(`/api/partners/${promoted.id}`, { tier: 'gold' }, admin)).status).toBe(200);
    await eventually(() => ofSpiff(promoted, spiffId), (o) => o?.status === 'active');

    expect((await api.patch(`/api/partners/${promoted.id}`, { tier: 'bronze' }, admin)).status).toBe(200);
    await eventually(() => api.get(`/api/partners/${promoted.id}`, admin).then((r) => r.body.tier), (tier) => tier === 'bronze');
    const unrelated = await runningSpiff({ name: 'Marker', assignment_type: 'tier', target_tiers: ['bronze'] });
    await eventually(() => ofSpiff(promoted, unrelated), (o) => o !== undefined);
    expect((await ofSpiff(promoted, spiffId))?.status).toBe('active');
  });

  it('extends a running spiff and adds products and targets; it never shrinks', async () => {
    const platinum = await createPartner(api, admin, 'platinum');
    const spiffId = await runningSpiff({ name: 'Grow me', assignment_type: 'tier', target_tiers: ['gold'], end_date: '2998-12-31' });
    expect(await ofSpiff(platinum, spiffId)).toBeUndefined();
    const grown = await api.patch(`/api/spiffs/${spiffId}`, { end_date: '2999-06-30', target_products: [laptop, dock], target_tiers: ['gold', 'platinum'] }, admin);
    expect(grown.status).toBe(200);
    expect(grown.body).toMatchObject({ end_date: '2999-06-30', target_tiers: ['gold', 'platinum'] });
    const joined = await eventually(() => ofSpiff(platinum, spiffId), (o) => o !== undefined);
    expect(joined?.products.map((p) => p.id).sort()).toEqual([laptop, dock].sort());
    expect(joined?.end_date).toBe('2999-06-30');

    for (const [body, message] of [
      [{ end_date: '2998-01-01' }, 'end_date may only be extended'],
      [{ target_products: [dock] }, 'target_products may only add entries'],
      [{ target_partners: [platinum.id] }, 'target_partners applies to a spiff whose assignment_type is "individual"'],
    ] as const) {
      const refused = await api.patch(`/api/spiffs/${spiffId}`, body, admin);
      expect(refused).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED, errors: [expect.objectContaining({ field: message.split(' ')[0] })] } });
      expect(refused.body.message).toContain(message);
    }
  });

  it('cancelling closes its assignments; earlier sales keep their bonus; a cancelled spiff cannot change', async () => {
    // Silver: no tier spiff of this file targets it, so only this test's spiff pays a bonus.
    const seller = await createPartner(api, admin, 'silver');
    const spiffId = await runningSpiff({ name: 'Short lived', assignment_type: 'individual', target_partners: [seller.id], incentive_amount: 30 });
    await eventually(() => ofSpiff(seller, spiffId), (o) => o?.status === 'active');
    const before = await api.post('/api/fulfillment/sales', { partner_id: seller.id, product_id: laptop, quantity: 1, unit_price: 100, sale_date: today }, seller.token);
    expect(before.body).toMatchObject({ commission_amount: 10, spiff_bonus: 30, total_commission: 40 });

    const cancelled = await api.post(`/api/spiffs/${spiffId}/cancel`, {}, admin);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelled_on: today });
    await eventually(() => ofSpiff(seller, spiffId), (o) => o?.status === 'closed');
    const refused = await api.post('/api/fulfillment/sales', { partner_id: seller.id, product_id: laptop, quantity: 1, unit_price: 100, sale_date: today }, seller.token);
    expect(refused.status).toBe(422);
    await eventually(() => api.get(`/api/analytics/partners/${seller.id}`, admin).then((r) => r.body.metrics), (m) => m?.active_assignments === 0);

    const [line] = await ledgerOf(seller.id);
    expect(line).toMatchObject({ spiff_bonus: 30, total_commission: 40, status: 'pending' });
    expect((await api.post(`/api/spiffs/${spiffId}/cancel`, {}, admin)).status).toBe(409);
    expect((await api.patch(`/api/spiffs/${spiffId}`, { end_date: '2999-12-31' }, admin)).status).toBe(409);
  });

  it('a return books a proportional negative clawback line; the original never changes; never more than sold', async () => {
    const seller = await createPartner(api, admin, 'silver');
    const other = await createPartner(api, admin, 'silver');
    const spiffId = await runningSpiff({
      name: 'Returnable', assignment_type: 'individual', target_partners: [seller.id], incentive_amount: 25,
      milestones: [{ name: 'Four laptops', metric: 'units', threshold: 4, reward_amount: 40 }],
    });
    await eventually(() => ofSpiff(seller, spiffId), (o) => o?.status === 'active');
    const sale = await api.post('/api/fulfillment/sales', { partner_id: seller.id, product_id: laptop, quantity: 4, unit_price: 333.33, sale_date: today }, seller.token);
    // revenue 1333.32; base 10 % = 133.332 → 133.33; bonus 4 × 25 = 100
    expect(sale.body).toMatchObject({ revenue: 1333.32, commission_amount: 133.33, spiff_bonus: 100, total_commission: 233.33 });

    const [original] = await ledgerOf(seller.id).then((l) => l.filter((x) => x.kind === 'sale'));
    await api.post(`/api/commissions/${original.id}/approve`, {}, admin);
    await api.post(`/api/commissions/${original.id}/pay`, { payout_reference: 'P-1' }, admin);

    expect((await api.post(`/api/fulfillment/sales/${sale.body.id}/returns`, { quantity: 1, reason: 'dead pixel' }, other.token)).status).toBe(404);
    const returned = await api.post(`/api/fulfillment/sales/${sale.body.id}/returns`, { quantity: 1, reason: 'dead pixel' }, seller.token);
    expect(returned.status).toBe(201);
    expect(returned.body).toMatchObject({ quantity: 1, revenue_returned: 333.33 });
    const tooMany = await api.post(`/api/fulfillment/sales/${sale.body.id}/returns`, { quantity: 4, reason: 'all of it' }, seller.token);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.code).toBe(ErrorCode.RETURN_EXCEEDS_SOLD);
    expect(tooMany.body.message).toContain('3 of the 4 sold remain');

    const clawback = await eventually(async () => (await ledgerOf(seller.id)).find((l) => l.kind === 'clawback'), (l) => l !== undefined);
    // 133.33 × 1/4 = 33.3325 → 33.33; 100 × 1/4 = 25
    expect(clawback).toMatchObject({ sale_id: sale.body.id, commission_amount: -33.33, spiff_bonus: -25, total_commission: -58.33, revenue: -333.33, status: 'pending' });
    expect(clawback?.trace.clawback).toMatchObject({ original_line_id: original.id, sold_quantity: 4, returned_before: 0, returned: 1 });
    const after = (await ledgerOf(seller.id)).find((l) => l.id === original.id);
    expect(after).toMatchObject({ commission_amount: 133.33, spiff_bonus: 100, total_commission: 233.33, status: 'paid' });

    const rest = await api.post(`/api/fulfillment/sales/${sale.body.id}/returns`, { quantity: 3, reason: 'the rest' }, admin);
    expect(rest.status).toBe(201);
    const clawbacks = await eventually(async () => (await ledgerOf(seller.id)).filter((l) => l.kind === 'clawback'), (l) => l.length === 2);
    const takenBack = clawbacks.reduce((sum, l) => sum + Math.round(l.total_commission * 100), 0);
    expect(takenBack).toBe(-23333);

    const mine = await api.get<Page<{ id: string; returned_quantity: number; total_commission: number }>>('/api/fulfillment/sales/my-sales', seller.token);
    expect(mine.body.items.find((x) => x.id === sale.body.id)).toMatchObject({ returned_quantity: 4, total_commission: 233.33 });

    const opportunity = await ofSpiff(seller, spiffId);
    expect(opportunity).toMatchObject({ actual_quantity: 0, actual_revenue: 0 });
    // The first return took the progress below "Four laptops": its reward (40) is taken back too.
    const metrics = await eventually(
      () => api.get(`/api/analytics/partners/${seller.id}`, admin).then((r) => r.body.metrics),
      (m) => m?.total_revenue === 0 && m?.total_commission === 0 && m?.milestone_rewards === 0 && m?.milestones_achieved === 0,
    );
    expect(metrics).toMatchObject({ total_sales: 1, total_revenue: 0, base_commission: 0, spiff_bonus: 0, paid_commission: 233.33, milestones_achieved: 0 });
    expect(metrics.pending_commission).toBe(-233.33);
  });

  it('a return of a sale whose commission was rejected takes nothing back, and rejecting a sale rejects its open clawbacks', async () => {
    const seller = await createPartner(api, admin, 'silver');
    await eventually(async () => (await api.post('/api/fulfillment/assignments', {
      partner_id: seller.id, product_ids: [dock], assignment_type: 'product', start_date: '2025-01-01', end_date: '2999-12-31',
    }, admin)).status, (status) => status === 201);
    const logSale = () => api.post('/api/fulfillment/sales', { partner_id: seller.id, product_id: dock, quantity: 2, unit_price: 100, sale_date: today }, seller.token);
    const rejectedFirst = await logSale();
    const returnedFirst = await logSale();
    const lineOf = async (saleId: string) => (await ledgerOf(seller.id, 2)).find((l) => l.kind === 'sale' && l.sale_id === saleId) as CommissionView;

    await api.post(`/api/commissions/${(await lineOf(rejectedFirst.body.id)).id}/reject`, { reason: 'duplicate invoice' }, admin);
    await api.post(`/api/fulfillment/sales/${rejectedFirst.body.id}/returns`, { quantity: 1, reason: 'broken' }, seller.token);
    await api.post(`/api/fulfillment/sales/${returnedFirst.body.id}/returns`, { quantity: 1, reason: 'broken' }, seller.token);
    const clawbacks = await eventually(async () => (await ledgerOf(seller.id)).filter((l) => l.kind === 'clawback'), (l) => l.length === 2);
    expect(clawbacks.find((l) => l.sale_id === rejectedFirst.body.id)?.status).toBe('rejected');
    expect(clawbacks.find((l) => l.sale_id === returnedFirst.body.id)).toMatchObject({ status: 'pending', total_commission: -5 });

    await api.post(`/api/commissions/${(await lineOf(returnedFirst.body.id)).id}/reject`, { reason: 'fraud' }, admin);
    const after = (await ledgerOf(seller.id)).find((l) => l.kind === 'clawback' && l.sale_id === returnedFirst.body.id);
    expect(after).toMatchObject({ status: 'rejected', status_reason: expect.stringContaining('was rejected') });
    const metrics = await eventually(
      () => api.get(`/api/analytics/partners/${seller.id}`, admin).then((r) => r.body.metrics),
      (m) => m?.total_commission === 0 && m?.pending_commission === 0,
    );
    expect(metrics).toMatchObject({ base_commission: 0, total_commission: 0, pending_commission: 0, total_sales: 2 });
  });
});
