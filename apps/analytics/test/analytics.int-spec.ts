import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { Events } from '@spiffworks/contracts';
import type { AssignmentsCreatedPayload, PartnerSnapshot } from '@spiffworks/contracts';
import { countRows, eventually, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker } from '@spiffworks/testing';
import { AnalyticsAppModule } from '../src/analytics-app.module';

describe('analytics service read models (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let broker: TestBroker;
  let db: Pool;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'analytics', module: AnalyticsAppModule.register, broker: true });
    ({ broker, db } = h);
  });

  afterAll(() => h?.close());

  const totals = async (): Promise<{ total_assignments: string; active_assignments: string }> =>
    (await db.query('SELECT total_assignments, active_assignments FROM platform_totals')).rows[0];

  it('counts assignments per partner and overall, once per event even when it is redelivered', async () => {
    const partner: PartnerSnapshot = { id: randomUUID(), name: 'TechCorp Partners Inc.', tier: 'gold', status: 'approved', contact_email: 'a@b.c', version: 2 };
    broker.publish(broker.envelope(Events.PartnerApproved, partner, 'partners'));
    const assignments = broker.envelope<AssignmentsCreatedPayload>(Events.AssignmentsCreated, {
      spiff_id: randomUUID(),
      assignments: [
        { id: randomUUID(), partner_id: partner.id, status: 'active' },
        { id: randomUUID(), partner_id: randomUUID(), status: 'active' },
      ],
    }, 'fulfillment');
    broker.publish(assignments);
    broker.publish(assignments);

    await eventually(() => countRows(db, 'SELECT redeliveries AS count FROM inbox WHERE id = $1', [assignments.id]), (n) => n === 1);
    await eventually(() => db.query('SELECT * FROM partner_summaries WHERE partner_id = $1', [partner.id]).then((r) => r.rows[0]),
      (row) => row?.partner_name === 'TechCorp Partners Inc.');
    const { rows } = await db.query('SELECT partner_name, tier, total_assignments, active_assignments FROM partner_summaries WHERE partner_id = $1', [partner.id]);
    expect(rows[0]).toEqual({ partner_name: 'TechCorp Partners Inc.', tier: 'gold', total_assignments: 1, active_assignments: 1 });
    expect(await totals()).toEqual({ total_assignments: '2', active_assignments: '2' });
  });
});
