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
});
