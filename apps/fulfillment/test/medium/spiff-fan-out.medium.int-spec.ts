import { Events } from '@spiffworks/contracts';
import type { AssignmentsCreatedPayload, PartnerSnapshot } from '@spiffworks/contracts';
import { serviceHarness } from '@spiffworks/testing';
import type { ServiceHarness } from '@spiffworks/testing';
import { FulfillmentAppModule } from '../../src/fulfillment-app.module';
import { ADMIN_ID, catalogProduct, partnerSnapshot, receive, spiffSnapshot } from './fulfillment-inputs';

/** A spiff reaches each targeted approved partner once, however often its events arrive. */
describe('fulfillment: spiff fan-out applied more than once (service and PostgreSQL, no broker)', () => {
  let h: ServiceHarness;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'fulfillment', module: FulfillmentAppModule.register });
  });
  afterAll(() => h?.close());

  const assignmentsOf = (spiffId: string) =>
    h.rows<{ partner_id: string }>('SELECT partner_id FROM assignments WHERE spiff_id = $1 ORDER BY partner_id', [spiffId]).then((rows) => rows.map((r) => r.partner_id));
  /** The partners each `assignments.created` written since the last look announced. */
  const announced = async (): Promise<string[][]> => (await h.newEvents())
    .filter((e) => e.type === Events.AssignmentsCreated)
    .map((e) => (e.payload as AssignmentsCreatedPayload).assignments.map((a) => a.partner_id).sort());

  async function partners(...snapshots: PartnerSnapshot[]): Promise<PartnerSnapshot[]> {
    for (const p of snapshots) await receive(h, h.envelope(p.status === 'approved' ? Events.PartnerApproved : Events.PartnerRegistered, p, 'partners'));
    await h.newEvents();
    return snapshots;
  }

  it('the same spiff.created redelivered, or published again in another envelope, gives one assignment per targeted approved partner', async () => {
    const laptop = await catalogProduct(h, 'Laptop');
    const [gold, platinum] = await partners(partnerSnapshot('gold'), partnerSnapshot('platinum'), partnerSnapshot('silver'), partnerSnapshot('gold', 'pending'));
    const targeted = [gold.id, platinum.id].sort();
    const terms = spiffSnapshot([laptop.id]);
    const created = h.envelope(Events.SpiffCreated, terms, 'campaigns');

    expect(await receive(h, created)).toBe('processed');
    expect(await assignmentsOf(terms.id)).toEqual(targeted);
    expect(await h.rows('SELECT assignment_type, status, origin, start_date, end_date, product_ids, assigned_by FROM assignments WHERE spiff_id = $1 AND partner_id = $2', [terms.id, gold.id]))
      .toEqual([{ assignment_type: 'spiff', status: 'active', origin: 'spiff', start_date: '2025-01-01', end_date: '2025-03-31', product_ids: [laptop.id], assigned_by: ADMIN_ID }]);
    const [event] = (await h.outbox(Events.AssignmentsCreated)).filter((e) => e.payload.spiff_id === terms.id);
    expect(event.payload.assignments.every((a) => a.status === 'active')).toBe(true);
    expect(await announced()).toEqual([targeted]);

    expect(await receive(h, created)).toBe('duplicate');
    expect(await receive(h, h.envelope(Events.SpiffCreated, terms, 'campaigns'))).toBe('processed');
    expect(await assignmentsOf(terms.id)).toEqual(targeted);
    expect(await announced()).toEqual([]);
  });

  it('a partner approved while the spiff runs joins it once, whatever approvals and updates follow', async () => {
    const monitor = await catalogProduct(h, 'Monitor');
    const [late] = await partners(partnerSnapshot('bronze', 'pending'));
    const terms = spiffSnapshot([monitor.id], { assignment_type: 'individual', target_tiers: [], target_partners: [late.id], end_date: '2999-12-31' });
    await receive(h, h.envelope(Events.SpiffCreated, terms, 'campaigns'));
    expect(await assignmentsOf(terms.id)).toEqual([]);
    expect(await announced()).toEqual([]);

    const approved = { ...late, status: 'approved' as const, version: 2 };
    await receive(h, h.envelope(Events.PartnerApproved, approved, 'partners'));
    expect(await assignmentsOf(terms.id)).toEqual([late.id]);
    expect(await announced()).toEqual([[late.id]]);

    await receive(h, h.envelope(Events.PartnerApproved, approved, 'partners')); // the same snapshot again
    await receive(h, h.envelope(Events.PartnerUpdated, { ...approved, name: 'Renamed Ltd.', version: 3 }, 'partners'));
    expect(await assignmentsOf(terms.id)).toEqual([late.id]);
    expect(await announced()).toEqual([]);
  });

  it('a chunk of imported partners (one partner.imported) lands in the directory and joins the running spiffs that target each, in one statement', async () => {
    const router = await catalogProduct(h, 'Router');
    const running = spiffSnapshot([router.id], { target_tiers: ['gold'], end_date: '2999-12-31' });
    const ended = spiffSnapshot([router.id], { target_tiers: ['gold', 'silver'], start_date: '2020-01-01', end_date: '2020-12-31' });
    for (const s of [running, ended]) await receive(h, h.envelope(Events.SpiffCreated, s, 'campaigns'));
    await h.newEvents();
    const imported = [
      ...Array.from({ length: 1_000 }, () => partnerSnapshot('gold')),
      partnerSnapshot('silver'),
      partnerSnapshot('gold', 'pending'),
    ];
    const chunk = h.envelope(Events.PartnersImported, { import_id: '6f2b8c1e-0000-4000-8000-000000000001', partners: imported }, 'partners');

    expect(await receive(h, chunk)).toBe('processed');
    const directory = await h.rows<{ id: string; status: string }>('SELECT id, status FROM partner_directory WHERE id = ANY ($1::uuid[])', [imported.map((p) => p.id)]);
    expect(directory).toHaveLength(imported.length);
    const approvedGold = imported.filter((p) => p.tier === 'gold' && p.status === 'approved').map((p) => p.id).sort();
    const ids = new Set(imported.map((p) => p.id));
    const importedOf = async (spiffId: string) => (await assignmentsOf(spiffId)).filter((id) => ids.has(id));
    expect(await importedOf(running.id)).toEqual(approvedGold);
    // A spiff that ended before the import (and was created before it) is not joined.
    expect(await importedOf(ended.id)).toEqual([]);
    // Announced per chunk of 1,000, as a fan-out announces.
    expect((await announced()).map((partners) => partners.length)).toEqual([1_000]);

    expect(await receive(h, chunk)).toBe('duplicate');
    // The same snapshots again, in another envelope: nothing changes, nothing is announced.
    expect(await receive(h, h.envelope(Events.PartnersImported, chunk.payload, 'partners'))).toBe('processed');
    expect(await importedOf(running.id)).toEqual(approvedGold);
    expect(await announced()).toEqual([]);
  });
});
