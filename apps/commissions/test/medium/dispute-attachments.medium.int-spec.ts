import { createHash, randomUUID } from 'node:crypto';
import { ATTACHMENT_MAX_BYTES, ErrorCode, Events } from '@spiffworks/contracts';
import type { Actor, CommissionView } from '@spiffworks/contracts';
import { TEST_ADMIN, refusalOf, serviceHarness } from '@spiffworks/testing';
import type { ServiceHarness } from '@spiffworks/testing';
import { CommissionsAppModule } from '../../src/commissions-app.module';
import { DisputeAttachments } from '../../src/disputes/dispute-attachments.service';
import { LineDisputes } from '../../src/disputes/line-disputes.service';
import { fixedSpiff, linesOf, receive, saleFacts } from './ledger-inputs';

const partnerActor = (partnerId: string): Actor => ({ user_id: randomUUID(), role: 'partner', partner_id: partnerId });
const ANALYST: Actor = { user_id: randomUUID(), role: 'analyst', partner_id: null };

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(randomUUID())]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0, 0]);
const b64 = (bytes: Buffer) => bytes.toString('base64');

/**
 * A partner's files on its dispute, in the ledger's own object store (PostgreSQL by default): the
 * dispute's partner attaches while it is open; its partner and admins download; the dispute's views
 * list its files. A refused upload stores nothing, neither a row nor bytes.
 */
describe('dispute attachments (service and PostgreSQL, no broker)', () => {
  let h: ServiceHarness;
  let disputes: LineDisputes;
  let files: DisputeAttachments;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'commissions', module: CommissionsAppModule.register });
    disputes = h.get(LineDisputes);
    files = h.get(DisputeAttachments);
  });
  afterAll(() => h?.close());

  async function openDispute(partnerId: string) {
    const sale = saleFacts(partnerId, 2, '1000.00', '12', [fixedSpiff('Q1', '100')]);
    await receive(h, h.envelope(Events.SaleLogged, sale, 'fulfillment'));
    const line = (await linesOf(h, partnerId)).find((l) => l.sale_id === sale.sale_id) as CommissionView;
    const partner = partnerActor(partnerId);
    return { partner, dispute: await disputes.open({ commission_id: line.id, reason: 'the bonus is missing' }, partner) };
  }
  const stored = async () => Number((await h.rows<{ n: string }>('SELECT count(*) AS n FROM stored_objects'))[0].n);
  const rowsOf = async (disputeId: string) => h.rows('SELECT id FROM dispute_attachments WHERE dispute_id = $1', [disputeId]);

  it('the partner attaches a PDF to its open dispute; the dispute lists it; its partner and admins download the same bytes', async () => {
    const partnerId = randomUUID();
    const { partner, dispute } = await openDispute(partnerId);
    expect(dispute.attachments).toEqual([]);

    const added = await files.add({ dispute_id: dispute.id, content_base64: b64(PDF) }, partner);
    expect(added).toMatchObject({ dispute_id: dispute.id, content_type: 'application/pdf', size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') });
    const png = await files.add({ dispute_id: dispute.id, content_base64: b64(PNG) }, partner);

    expect((await disputes.get(dispute.id, partner)).attachments).toEqual([added, png]);
    const listed = await disputes.list({ partner_id: partnerId, page: 1, page_size: 10 }, TEST_ADMIN);
    expect(listed.items[0].attachments.map((a) => a.id)).toEqual([added.id, png.id]);
    for (const reader of [partner, TEST_ADMIN]) {
      const file = await files.get({ dispute_id: dispute.id, attachment_id: added.id }, reader);
      expect(Buffer.from(file.content_base64, 'base64').equals(PDF)).toBe(true);
      expect(file).toMatchObject({ id: added.id, content_type: 'application/pdf', sha256: added.sha256 });
    }

    // The resolution's answer lists them; after it, no file is taken (409) and nothing is stored.
    const resolved = await disputes.resolve({ id: dispute.id, outcome: 'declined', answer: 'the bonus was paid on another line' }, TEST_ADMIN);
    expect(resolved.attachments.map((a) => a.id)).toEqual([added.id, png.id]);
    const before = await stored();
    expect(await refusalOf(files.add({ dispute_id: dispute.id, content_base64: b64(PDF) }, partner))).toMatchObject({ status: 409, code: ErrorCode.DISPUTE_ALREADY_RESOLVED });
    expect(await stored()).toBe(before);
    expect(await rowsOf(dispute.id)).toHaveLength(2);
  });

  it('refuses another partner (404, as a missing dispute), admins and analysts attaching (403), bad files (413, 415), storing nothing', async () => {
    const { partner, dispute } = await openDispute(randomUUID());
    const other = partnerActor(randomUUID());
    const before = await stored();
    const file = { dispute_id: dispute.id, content_base64: b64(PDF) };

    expect(await refusalOf(files.add(file, other))).toMatchObject({ status: 404, code: ErrorCode.DISPUTE_NOT_FOUND });
    expect(await refusalOf(files.add({ ...file, dispute_id: randomUUID() }, partner))).toMatchObject({ status: 404, code: ErrorCode.DISPUTE_NOT_FOUND });
    expect(await refusalOf(files.add(file, TEST_ADMIN))).toMatchObject({ status: 403, code: ErrorCode.PARTNER_USER_REQUIRED });
    expect(await refusalOf(files.add(file, ANALYST))).toMatchObject({ status: 403, code: ErrorCode.PARTNER_USER_REQUIRED });
    expect(await refusalOf(files.add({ ...file, content_base64: b64(ELF) }, partner))).toMatchObject({ status: 415, code: ErrorCode.ATTACHMENT_TYPE_REFUSED });
    expect(await refusalOf(files.add({ ...file, content_base64: '' }, partner))).toMatchObject({ status: 415, code: ErrorCode.ATTACHMENT_TYPE_REFUSED });
    const tooLarge = Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_MAX_BYTES)]);
    expect(await refusalOf(files.add({ ...file, content_base64: b64(tooLarge) }, partner))).toMatchObject({ status: 413, code: ErrorCode.ATTACHMENT_TOO_LARGE });
    expect(await stored()).toBe(before);
    expect(await rowsOf(dispute.id)).toHaveLength(0);

    const added = await files.add(file, partner);
    const read = { dispute_id: dispute.id, attachment_id: added.id };
    expect(await refusalOf(files.get(read, other))).toMatchObject({ status: 404, code: ErrorCode.ATTACHMENT_NOT_FOUND });
    expect(await refusalOf(files.get(read, ANALYST))).toMatchObject({ status: 403, code: ErrorCode.FORBIDDEN });
    expect(await refusalOf(files.get({ ...read, attachment_id: randomUUID() }, partner))).toMatchObject({ status: 404, code: ErrorCode.ATTACHMENT_NOT_FOUND });
    // Named by another dispute, a file is not found either.
    const elsewhere = await openDispute(randomUUID());
    expect(await refusalOf(files.get({ ...read, dispute_id: elsewhere.dispute.id }, TEST_ADMIN))).toMatchObject({ status: 404, code: ErrorCode.ATTACHMENT_NOT_FOUND });
  });

  it('an Idempotency-Key replays the first upload: one row, one stored object', async () => {
    const { partner, dispute } = await openDispute(randomUUID());
    const command = { dispute_id: dispute.id, content_base64: b64(PNG) };
    const idempotency = { key: randomUUID(), scope: partner.user_id, operation: 'dispute-attachments.add', body: command };
    const before = await stored();
    const first = await files.add(command, partner, idempotency);
    expect(await files.add(command, partner, idempotency)).toEqual(first);
    expect(await rowsOf(dispute.id)).toHaveLength(1);
    expect(await stored()).toBe(before + 1);
  });
});
