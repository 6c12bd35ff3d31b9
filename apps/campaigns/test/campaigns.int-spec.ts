import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ErrorCode, Events, Rpc } from '@spiffworks/contracts';
import type { CreateSpiffCommand, ProductSnapshot, ProductView, SpiffSnapshot, SpiffView } from '@spiffworks/contracts';
import { TEST_ADMIN, countRows, eventually, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker, TestRpcClient } from '@spiffworks/testing';
import { CampaignsAppModule } from '../src/campaigns-app.module';

describe('campaigns service (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let broker: TestBroker;
  let db: Pool;
  let rpc: TestRpcClient;
  let laptop: ProductView;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'campaigns', module: CampaignsAppModule.register, broker: true });
    ({ broker, db, rpc } = h);
    await broker.listen([Events.ProductCreated, Events.SpiffCreated]);
    laptop = await rpc.call<ProductView>(Rpc.campaigns.CreateProduct, {
      name: 'Test Laptop Pro', sku: 'LAP-1', commission_rate: 10, commission_rates: { gold: 12, platinum: 15.5 },
    });
  });

  afterAll(() => h?.close());

  const seedSpiff = (): CreateSpiffCommand => ({
    name: 'Q4 Laptop Promotion', target_products: [laptop.id], assignment_type: 'tier', target_tiers: ['gold', 'platinum'],
    incentive_amount: 100, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-03-31',
  });

  it('keeps tier rates exactly and publishes product.created', async () => {
    expect(laptop).toMatchObject({ sku: 'LAP-1', commission_rate: 10, commission_rates: { gold: 12, platinum: 15.5 } });
    const [event] = await eventually(
      async () => broker.eventsOf<ProductSnapshot>(Events.ProductCreated).filter((e) => e.payload.id === laptop.id),
      (events) => events.length === 1,
    );
    expect(event.payload.commission_rates).toEqual({ gold: 12, platinum: 15.5 });
  });

  it('refuses a second product with the same sku (409)', async () => {
    await expect(rpc.call(Rpc.campaigns.CreateProduct, { name: 'Other', sku: 'LAP-1', commission_rate: 5 })).rejects.toMatchObject({
      error: { status: 409, code: ErrorCode.PRODUCT_SKU_TAKEN, message: 'a product with sku LAP-1 already exists' },
    });
  });

  it('creates the seed spiff, records who created it and publishes spiff.created', async () => {
    const spiff = await rpc.call<SpiffView>(Rpc.campaigns.CreateSpiff, seedSpiff());
    expect(spiff).toMatchObject({ ...seedSpiff(), status: 'active', created_by: TEST_ADMIN.user_id, target_partners: [] });
    const [event] = await eventually(
      async () => broker.eventsOf<SpiffSnapshot>(Events.SpiffCreated).filter((e) => e.payload.id === spiff.id),
      (events) => events.length === 1,
    );
    expect(event.payload).toMatchObject({ target_tiers: ['gold', 'platinum'], incentive_amount: 100, start_date: '2025-01-01' });
    expect(await rpc.call<SpiffView>(Rpc.campaigns.GetSpiff, { id: spiff.id })).toEqual(spiff);
  });

  it.each<[string, Partial<CreateSpiffCommand>, string]>([
    ['end before start', { end_date: '2024-12-31' }, 'end_date must not be before start_date'],
    ['non-positive amount', { incentive_amount: 0 }, 'incentive_amount must be greater than 0'],
    ['percentage over 100', { incentive_type: 'percentage', incentive_amount: 120 }, 'incentive_amount must not exceed 100'],
    ['empty tiers', { target_tiers: [] }, 'target_tiers must list at least one tier'],
    ['unknown product', { target_products: [randomUUID()] }, 'target_products names unknown products'],
  ])('rejects %s with 400 and creates nothing', async (_, change, message) => {
    const spiffs = await countRows(db, 'SELECT count(*) FROM spiffs');
    const outbox = await countRows(db, 'SELECT count(*) FROM outbox');
    await expect(rpc.call(Rpc.campaigns.CreateSpiff, { ...seedSpiff(), ...change })).rejects.toMatchObject({
      // Each message starts with the field it names.
      error: { status: 400, code: ErrorCode.VALIDATION_FAILED, message: expect.stringContaining(message), errors: expect.arrayContaining([expect.objectContaining({ field: message.split(' ')[0] })]) },
    });
    expect(await countRows(db, 'SELECT count(*) FROM spiffs')).toBe(spiffs);
    expect(await countRows(db, 'SELECT count(*) FROM outbox')).toBe(outbox);
  });
});
