import { randomUUID } from 'node:crypto';
import { ErrorCode, Events } from '@spiffworks/contracts';
import type { Actor, CommissionChangedPayload, CommissionView, DisputeOpenedPayload, DisputeResolvedPayload, EventEnvelope } from '@spiffworks/contracts';
import { TEST_ADMIN, refusalOf, serviceHarness } from '@spiffworks/testing';
import type { ServiceHarness } from '@spiffworks/testing';
import { CommissionsAppModule } from '../../src/commissions-app.module';
import { LineDisputes } from '../../src/disputes/line-disputes.service';
import { CommissionReview } from '../../src/ledger/commission-review.service';
import { achievement, fixedSpiff, linesOf, netCents, receive, saleFacts } from './ledger-inputs';

const partnerActor = (partnerId: string): Actor => ({ user_id: randomUUID(), role: 'partner', partner_id: partnerId });
const ANALYST: Actor = { user_id: randomUUID(), role: 'analyst', partner_id: null };

/** A partner disputes its line; an admin declines, or adjusts with a new line. The disputed line never changes. */
describe('disputes of ledger lines (service and PostgreSQL, no broker)', () => {
  let h: ServiceHarness;
  let disputes: LineDisputes;
  let review: CommissionReview;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'commissions', module: CommissionsAppModule.register });
    disputes = h.get(LineDisputes);
    review = h.get(CommissionReview);
  });
  afterAll(() => h?.close());
  beforeEach(() => h.newEvents());

  async function bookedSale(partnerId: string, spiffs = [fixedSpiff('Q1', '100')]): Promise<CommissionView> {
    const sale = saleFacts(partnerId, 2, '1000.00', '12', spiffs); // 240 + 200 = 440
    await receive(h, h.envelope(Events.SaleLogged, sale, 'fulfillment'));
    await h.newEvents();
    return (await linesOf(h, partnerId)).find((l) => l.sale_id === sale.sale_id) as CommissionView;
  }

  it('opens on its own line (one open per line), resolves adjusted +25.00 with a new pending adjustment line, in one transaction with its events', async () => {
    const partnerId = randomUUID();
    const partner = partnerActor(partnerId);
    const line = await bookedSale(partnerId);

    const opened = await disputes.open({ commission_id: line.id, reason: '  the spiff bonus looks short  ' }, partner);
    expect(opened).toMatchObject({ commission_id: line.id, partner_id: partnerId, status: 'open', reason: 'the spiff bonus looks short', answer: null, adjustment_amount: null });
    const [openedEvent] = await h.newEvents();
    expect(openedEvent.type).toBe(Events.DisputeOpened);
    expect(openedEvent.payload as DisputeOpenedPayload).toEqual({
      dispute_id: opened.id, commission_id: line.id, partner_id: partnerId, spiff_ids: line.spiffs_applied.map((s) => s.spiff_id), reason: 'the spiff bonus looks short',
    });
    expect((await linesOf(h, partnerId))[0].open_dispute_id).toBe(opened.id);

    expect(await refusalOf(disputes.open({ commission_id: line.id, reason: 'again' }, partner))).toMatchObject({ status: 409, code: ErrorCode.DISPUTE_ALREADY_OPEN });
    expect(await h.newEvents()).toEqual([]);

    const resolved = await disputes.resolve({ id: opened.id, outcome: 'adjusted', adjustment_amount: 25, answer: 'bonus recalculated' }, TEST_ADMIN);
    expect(resolved).toMatchObject({ status: 'resolved_adjusted', answer: 'bonus recalculated', adjustment_amount: 25, resolved_by: TEST_ADMIN.user_id });
    const events = await h.newEvents();
    expect(events.map((e: EventEnvelope) => e.type)).toEqual([Events.CommissionRecorded, Events.DisputeResolved]);
    const recorded = events[0].payload as CommissionChangedPayload;
    expect(recorded).toMatchObject({ kind: 'adjustment', partner_id: partnerId, commission_amount: '25.00', total_commission: '25.00', status: 'pending', sale_id: line.sale_id });
    expect(events[1].payload as DisputeResolvedPayload).toMatchObject({ status: 'resolved_adjusted', adjustment_amount: '25.00', adjustment_line_id: recorded.commission_id });

    const lines = await linesOf(h, partnerId);
    expect(lines.find((l) => l.id === line.id)).toEqual({ ...line, open_dispute_id: null });
    const adjustment = await review.get(resolved.adjustment_line_id as string);
    expect(adjustment).toMatchObject({ kind: 'adjustment', status: 'pending', total_commission: 25, partner_id: partnerId });
    expect(adjustment.trace.adjustment).toEqual({
      dispute_id: opened.id, disputed_line_id: line.id, reason: 'the spiff bonus looks short', answer: 'bonus recalculated', adjustment_amount: '25.00',
    });
    expect(adjustment.history.map((c) => [c.from_status, c.to_status, c.changed_by])).toEqual([[null, 'pending', TEST_ADMIN.user_id]]);
    expect(netCents(lines)).toBe(44000 + 2500);

    // It moves through the lifecycle like any line; the resolved dispute is final.
    expect(await review.transition([adjustment.id], 'approve', TEST_ADMIN, {})).toMatchObject([{ status: 'approved' }]);
    expect(await refusalOf(disputes.resolve({ id: opened.id, outcome: 'declined', answer: 'changed my mind' }, TEST_ADMIN))).toMatchObject({
      status: 409, code: ErrorCode.DISPUTE_ALREADY_RESOLVED,
    });
    // A resolved dispute frees the line for a new one.
    expect(await disputes.open({ commission_id: line.id, reason: 'still short' }, partner)).toMatchObject({ status: 'open' });
  });

  it('declines with the answer and books nothing; a negative adjustment of a reward goes to the reward', async () => {
    const partnerId = randomUUID();
    const partner = partnerActor(partnerId);
    const line = await bookedSale(partnerId, []);
    const opened = await disputes.open({ commission_id: line.id, reason: 'rate should be 15%' }, partner);
    await h.newEvents();
    expect(await disputes.resolve({ id: opened.id, outcome: 'declined', answer: 'gold pays 12%' }, TEST_ADMIN)).toMatchObject({
      status: 'resolved_declined', answer: 'gold pays 12%', adjustment_amount: null, adjustment_line_id: null,
    });
    expect((await h.newEvents()).map((e: EventEnvelope) => e.type)).toEqual([Events.DisputeResolved]);
    expect(await linesOf(h, partnerId)).toHaveLength(1);

    const reached = achievement(partnerId, '50.00');
    await receive(h, h.envelope(Events.MilestoneAchieved, reached, 'fulfillment'));
    const reward = (await linesOf(h, partnerId)).find((l) => l.kind === 'milestone_reward') as CommissionView;
    const second = await disputes.open({ commission_id: reward.id, reason: 'paid twice?' }, partner);
    const adjusted = await disputes.resolve({ id: second.id, outcome: 'adjusted', adjustment_amount: -12.5, answer: 'half the reward was for a returned unit' }, TEST_ADMIN);
    expect(await review.get(adjusted.adjustment_line_id as string)).toMatchObject({ kind: 'adjustment', reward_amount: -12.5, commission_amount: 0, total_commission: -12.5, sale_id: null });
  });

  it('refuses another partner\'s line (404), admins and analysts opening (403), bad resolutions (400 naming the field), changing nothing', async () => {
    const partnerId = randomUUID();
    const line = await bookedSale(partnerId);
    expect(await refusalOf(disputes.open({ commission_id: line.id, reason: 'mine?' }, partnerActor(randomUUID())))).toMatchObject({ status: 404, code: ErrorCode.COMMISSION_NOT_FOUND });
    expect(await refusalOf(disputes.open({ commission_id: randomUUID(), reason: 'x' }, partnerActor(partnerId)))).toMatchObject({ status: 404, code: ErrorCode.COMMISSION_NOT_FOUND });
    for (const actor of [TEST_ADMIN, ANALYST]) {
      expect(await refusalOf(disputes.open({ commission_id: line.id, reason: 'x' }, actor))).toMatchObject({ status: 403, code: ErrorCode.PARTNER_USER_REQUIRED });
    }
    expect(await refusalOf(disputes.open({ commission_id: line.id, reason: ' ' }, partnerActor(partnerId)))).toMatchObject({
      status: 400, code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'reason', reason: 'must be a non-empty text' }],
    });

    const opened = await disputes.open({ commission_id: line.id, reason: 'short' }, partnerActor(partnerId));
    await h.newEvents();
    expect(await refusalOf(disputes.resolve({ id: opened.id, outcome: 'adjusted', answer: 'x' }, TEST_ADMIN))).toMatchObject({
      status: 400, errors: [{ field: 'adjustment_amount', reason: 'is required when the outcome is adjusted' }],
    });
    expect(await refusalOf(disputes.resolve({ id: opened.id, outcome: 'declined', adjustment_amount: 5, answer: 'x' }, TEST_ADMIN))).toMatchObject({
      status: 400, errors: [{ field: 'adjustment_amount', reason: 'must be absent when the outcome is declined' }],
    });
    expect(await refusalOf(disputes.resolve({ id: opened.id, outcome: 'declined', answer: 'x' }, partnerActor(partnerId)))).toMatchObject({ status: 403, code: ErrorCode.FORBIDDEN });
    expect(await refusalOf(disputes.resolve({ id: randomUUID(), outcome: 'declined', answer: 'x' }, TEST_ADMIN))).toMatchObject({ status: 404, code: ErrorCode.DISPUTE_NOT_FOUND });
    expect(await h.newEvents()).toEqual([]);
    // Analysts read analytics only (DESIGN): the counts are there, the disputes are not theirs to read.
    expect(await refusalOf(disputes.get(opened.id, ANALYST))).toMatchObject({ status: 403, code: ErrorCode.FORBIDDEN });
    expect(await refusalOf(disputes.list({ page: 1, page_size: 10 }, ANALYST))).toMatchObject({ status: 403, code: ErrorCode.FORBIDDEN });
    expect(await refusalOf(disputes.get(opened.id, partnerActor(randomUUID())))).toMatchObject({ status: 404, code: ErrorCode.DISPUTE_NOT_FOUND });

    // Lists: a partner's own whatever the filter; an admin's by partner and status, open first.
    const other = await disputes.list({ partner_id: partnerId, page: 1, page_size: 10 }, partnerActor(randomUUID()));
    expect(other.total).toBe(0);
    expect(await disputes.list({ partner_id: partnerId, status: 'open', page: 1, page_size: 10 }, TEST_ADMIN)).toMatchObject({ total: 1, items: [{ id: opened.id }] });
  });

  it('an Idempotency-Key replays the first resolution: one adjustment line', async () => {
    const partnerId = randomUUID();
    const line = await bookedSale(partnerId);
    const opened = await disputes.open({ commission_id: line.id, reason: 'short' }, partnerActor(partnerId));
    const command = { id: opened.id, outcome: 'adjusted' as const, adjustment_amount: 10, answer: 'ok' };
    const idempotency = { key: randomUUID(), scope: TEST_ADMIN.user_id, operation: 'disputes.resolve', body: command };
    const first = await disputes.resolve(command, TEST_ADMIN, idempotency);
    expect(await disputes.resolve(command, TEST_ADMIN, idempotency)).toEqual(first);
    expect((await linesOf(h, partnerId)).filter((l) => l.kind === 'adjustment')).toHaveLength(1);
  });
});
