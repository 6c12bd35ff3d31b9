import fc from 'fast-check';
import { toJson } from './conformance';
import { fillPath } from './cases';
import type { CaseSource, Hostile } from './cases';
import type { RouteSpec } from './routes';
import type { UnstatedLimits } from './shapes';

/**
 * What the API document cannot tell the hostile-input test, kept as small tables: the records the
 * platform holds, bodies that pass the business rules, and the business rules themselves. Route
 * lists, fields and limits all come from the document.
 */

/** The records the test creates before it sends anything. */
export interface Fixtures {
  adminEmail: string;
  analyst: { id: string; email: string; password: string };
  partnerA: { id: string; email: string };
  partnerB: { id: string; email: string };
  laptop: string;
  monitor: string;
  spiffId: string;
  commissionId: string;
  saleId: string;
}

/** Commission rates per tier are checked to 4 decimals (`IsTierRates`); the schema says nothing of it. */
export const UNSTATED_LIMITS: UnstatedLimits = { TierRatesSchema: { decimals: 4 } };

/** A well-formed id no record has. */
export const UNKNOWN_ID = '7d8e7a52-0000-4000-8000-00000000dead';

/**
 * A real record per path resource, so that a mutation that got through would change something the
 * snapshots see; a resource without one (a dead letter) gets `UNKNOWN_ID`, which validation precedes.
 */
export function knownIds(f: Fixtures): Record<string, string> {
  return { partner: f.partnerA.id, spiff: f.spiffId, sale: f.saleId, commission: f.commissionId, product: f.laptop, user: f.analyst.id };
}

export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): string => `${route.method} ${route.path}`;

/**
 * Bodies each route accepts as they are, by `METHOD /documented/path`: known ids, a sale date its
 * assignment covers, an invoice number and sku not used yet. The document's examples name ids of
 * no record here, so the routes not listed are sent their example (still valid field by field).
 */
export function validBodies(f: Fixtures): Record<string, () => Record<string, unknown>> {
  const ledgerMove = (extra: Record<string, unknown>) => () => ({ ids: [f.commissionId], ...extra });
  return {
    'POST /api/auth/login': () => ({ email: f.analyst.email, password: f.analyst.password }),
    'POST /api/users': () => ({ email: 'new-staff@hostile.example', password: 'long-enough-1', role: 'analyst' }),
    'POST /api/partners': () => ({ name: 'Hostile C', tier: 'bronze', contact_email: 'hostile-c@hostile.example', password: 'long-enough-1' }),
    'PATCH /api/partners/{id}': () => ({ name: 'Hostile A renamed', tier: 'platinum' }),
    'POST /api/products': () => ({ name: 'Hostile Router', sku: 'HOST-NEW-1', commission_rate: 7.5, commission_rates: { gold: 9.25 } }),
    'POST /api/spiffs/reach': () => ({ assignment_type: 'tier', target_tiers: ['gold', 'platinum'] }),
    'POST /api/spiffs': () => ({
      name: 'Hostile new spiff', description: 'x', target_products: [f.laptop], assignment_type: 'tier', target_tiers: ['gold', 'platinum'],
      incentive_amount: 10, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-06-30',
      milestones: [{ name: 'five', metric: 'units', threshold: 5, reward_amount: 20 }],
    }),
    'PATCH /api/spiffs/{id}': () => ({ name: 'Hostile spiff, longer', end_date: '2026-12-31', target_products: [f.laptop, f.monitor] }),
    'POST /api/fulfillment/assignments': () => ({
      partner_id: f.partnerA.id, product_ids: [f.laptop, f.monitor], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
      target_quantity: 10, milestones: [{ name: 'rev', metric: 'revenue', threshold: 1000, reward_amount: 10 }],
    }),
    'POST /api/fulfillment/sales': () => ({
      partner_id: f.partnerA.id, product_id: f.laptop, quantity: 3, unit_price: 99.99, sale_date: '2025-02-01', invoice_number: 'HOSTILE-NEW-1', notes: 'hostile',
    }),
    'POST /api/fulfillment/sales/{id}/returns': () => ({ quantity: 1, reason: 'damaged' }),
    'POST /api/commissions/approve': ledgerMove({}),
    'POST /api/commissions/pay': ledgerMove({ payout_reference: 'PAY-1' }),
    'POST /api/commissions/reject': ledgerMove({ reason: 'hostile' }),
    'POST /api/commissions/{id}/pay': () => ({ payout_reference: 'PAY-1' }),
    'POST /api/commissions/{id}/reject': () => ({ reason: 'hostile' }),
  };
}

let fileInvoices = 0;

/** A file each upload route accepts as it is (partner A's sale on a date its assignment covers), by `METHOD /documented/path`. */
export function validFiles(f: Fixtures): Record<string, () => string> {
  return {
    'POST /api/fulfillment/sales/imports': () =>
      `partner_id,product_id,quantity,unit_price,sale_date,invoice_number\n${f.partnerA.id},${f.laptop},1,99.99,2025-03-01,HOSTILE-FILE-${++fileInvoices}\n`,
    'POST /api/partners/imports': () => `name,tier,contact_email,status\nHostile Imported,gold,hostile-imported-${++fileInvoices}@hostile.example,approved\n`,
  };
}

/** A business-rule refusal: well-formed bodies (or paths) and what the answer must name. */
interface Refusal {
  kind: string;
  mentions: Hostile['mentions'];
  bodies?: fc.Arbitrary<Record<string, unknown>>;
  paths?: fc.Arbitrary<string>;
}

type Refusals = (f: Fixtures, route: RouteSpec, template: () => Record<string, unknown>) => Refusal[];

/** The business rules of each route: the document lists their codes, not what breaks them. */
const REFUSALS: Record<string, Refusals> = {
  'POST /api/users': (f) => [{
    kind: 'email taken', mentions: [/already exists/i, f.adminEmail],
    bodies: fc.constantFrom(f.adminEmail, f.analyst.email, f.partnerA.email).map((email) => ({ email, password: 'long-enough-1', role: 'analyst' })),
  }],
  'POST /api/partners': (f) => [{
    kind: 'contact email taken', mentions: ['contact_email', /already exists/i],
    bodies: fc.constantFrom(f.partnerA.email, f.partnerB.email).map((email) => ({ name: 'Dup', tier: 'gold', contact_email: email })),
  }],
  'POST /api/products': (_f, _r, body) => [{
    kind: 'sku taken', mentions: ['sku', /already exists/i], bodies: fc.constantFrom('HOST-LAP', 'HOST-MON').map((sku) => ({ ...body(), sku })),
  }],
  'POST /api/spiffs': spiffRefusals,
  'PATCH /api/spiffs/{id}': (f) => [
    { kind: 'shortened period', mentions: ['end_date'], bodies: fc.constantFrom('2025-06-30', '2025-01-01').map((end) => ({ end_date: end })) },
    { kind: 'dropped product', mentions: ['target_products'], bodies: fc.constant({ target_products: [f.monitor] }) },
    { kind: 'unknown reference', mentions: ['target_products', 'target_partners'], bodies: fc.uuid().map((id) => ({ target_products: [f.laptop, id] })) },
  ],
  'POST /api/fulfillment/sales/{id}/returns': () => [{
    kind: 'more than sold', mentions: [/more than/i, /quantity/i, /sold/i], bodies: fc.integer({ min: 3, max: 100_000 }).map((quantity) => ({ quantity, reason: 'too many' })),
  }],
  'POST /api/fulfillment/assignments': assignmentRefusals,
  'POST /api/fulfillment/sales': saleRefusals,
  'POST /api/commissions/approve': batchRefusals({}),
  'POST /api/commissions/pay': batchRefusals({ payout_reference: 'PAY-1' }),
  'POST /api/commissions/reject': batchRefusals({ reason: 'hostile' }),
  'GET /api/fulfillment/analytics/partner/{id}': otherPartnersMetrics('/api/fulfillment/analytics/partner'),
  'GET /api/analytics/partners/{id}': otherPartnersMetrics('/api/analytics/partners'),
  'GET /api/analytics/timeseries': () => [{
    kind: 'inverted or too long range', mentions: ['to'],
    paths: fc.constantFrom(['2025-12-31', '2025-01-01'], ['2000-01-01', '2025-01-01'], ['1900-01-01', '2100-12-31'])
      .map(([from, to]) => `/api/analytics/timeseries?metric=sales&interval=day&from=${from}&to=${to}`),
  }],
};

function spiffRefusals(f: Fixtures, _route: RouteSpec, body: () => Record<string, unknown>): Refusal[] {
  return [
    { kind: 'end before start', mentions: ['end_date'], bodies: fc.constantFrom('2024-12-31', '2020-01-01').map((end) => ({ ...body(), end_date: end })) },
    { kind: 'unknown product', mentions: ['target_products'], bodies: fc.uuid().map((id) => ({ ...body(), target_products: [f.laptop, id] })) },
    {
      kind: 'unknown partner', mentions: ['target_partners'],
      bodies: fc.uuid().map((id) => ({ ...body(), assignment_type: 'individual', target_tiers: undefined, target_partners: [f.partnerA.id, id] })),
    },
    {
      kind: 'targets do not match the type', mentions: ['target_tiers', 'target_partners'],
      bodies: fc.constantFrom<Record<string, unknown>>(
        { target_tiers: [] }, { target_tiers: undefined }, { target_partners: [UNKNOWN_ID] },
        { assignment_type: 'individual' }, { assignment_type: 'individual', target_tiers: undefined, target_partners: [] },
      ).map((change) => ({ ...body(), ...change })),
    },
    {
      kind: 'percentage over 100', mentions: ['incentive_amount'],
      bodies: fc.integer({ min: 101, max: 1_000_000 }).map((pct) => ({ ...body(), incentive_type: 'percentage', incentive_amount: pct })),
    },
  ];
}

function assignmentRefusals(f: Fixtures, _route: RouteSpec, body: () => Record<string, unknown>): Refusal[] {
  return [
    {
      kind: 'unknown reference', mentions: ['partner_id', 'product_ids', 'spiff_id'],
      bodies: fc.tuple(fc.uuid(), fc.constantFrom('partner_id', 'product_ids', 'spiff_id')).map(([id, field]) => ({
        ...body(), [field]: field === 'product_ids' ? [f.laptop, id] : id, ...(field === 'spiff_id' && { assignment_type: 'spiff' }),
      })),
    },
    { kind: 'end before start', mentions: ['end_date'], bodies: fc.constant({ ...body(), start_date: '2025-06-01', end_date: '2025-05-31' }) },
    { kind: 'spiff type without spiff', mentions: ['spiff_id'], bodies: fc.constant({ ...body(), assignment_type: 'spiff' }) },
    {
      kind: 'second assignment for a spiff', mentions: [/already has an assignment/i],
      bodies: fc.constant({ ...body(), spiff_id: f.spiffId, assignment_type: 'spiff', product_ids: [f.laptop] }),
    },
  ];
}

function saleRefusals(f: Fixtures, route: RouteSpec, body: () => Record<string, unknown>): Refusal[] {
  return [
    { kind: 'unknown product', mentions: ['product_id', /unknown product/i], bodies: fc.uuid().map((id) => ({ ...body(), product_id: id })) },
    { kind: 'future sale date', mentions: ['sale_date', /future/i], bodies: fc.integer({ min: 2100, max: 9999 }).map((year) => ({ ...body(), sale_date: `${year}-06-15` })) },
    { kind: 'no assignment covers it', mentions: [/assignment/i], bodies: fc.constantFrom('2020-01-01', '2024-12-31', '2026-01-01').map((date) => ({ ...body(), sale_date: date })) },
    { kind: 'product not assigned', mentions: [/assignment/i], bodies: fc.constant({ ...body(), product_id: f.monitor }) },
    { kind: 'reused invoice number', mentions: ['invoice_number', /SEED-INV-1/], bodies: fc.constant({ ...body(), invoice_number: 'SEED-INV-1' }) },
    route.caller === 'partner'
      ? {
        kind: "another partner's sale", mentions: [/itself/i, /own/i],
        bodies: fc.oneof(fc.constant(f.partnerB.id), fc.uuid()).map((id) => ({ ...body(), partner_id: id, product_id: f.monitor })),
      }
      : { kind: 'unknown partner', mentions: ['partner_id', /unknown partner/i], bodies: fc.uuid().map((id) => ({ ...body(), partner_id: id })) },
  ];
}

function batchRefusals(extra: Record<string, unknown>): Refusals {
  return (f) => [{ kind: 'one unknown id in the batch', mentions: [/not found/i], bodies: fc.uuid().map((id) => ({ ids: [f.commissionId, id], ...extra })) }];
}

/** A partner reads its own metrics only, whichever id it sends. */
function otherPartnersMetrics(base: string): Refusals {
  return (f, route) => (route.caller === 'partner'
    ? [{ kind: "another partner's analytics", mentions: [/own/i], paths: fc.oneof(fc.uuid(), fc.constant(f.partnerB.id)).map((id) => `${base}/${id}`) }]
    : []);
}

/** The route's business-rule cases, sent to the path with known ids. */
export function semanticCases(f: Fixtures, route: RouteSpec, pathIds: Record<string, string>, template: () => Record<string, unknown>): CaseSource[] {
  const path = fillPath(route.path, pathIds);
  return (REFUSALS[routeKey(route)]?.(f, route, template) ?? []).map((refusal) => {
    const base = { route: route.name, kind: refusal.kind, method: route.method, caller: route.caller, mentions: refusal.mentions };
    const arbitrary = refusal.bodies
      ? refusal.bodies.map((body): Hostile => ({ ...base, path, body: toJson(body) }))
      : (refusal.paths ?? fc.constant(path)).map((p): Hostile => ({ ...base, path: p }));
    return { kind: refusal.kind, weight: 2, arbitrary };
  });
}

/** Every route named in a table, so a test can show each still names a documented route. */
export const tabledRoutes = (): string[] =>
  [...new Set([...Object.keys(validBodies(EMPTY_FIXTURES)), ...Object.keys(validFiles(EMPTY_FIXTURES)), ...Object.keys(REFUSALS)])];

const EMPTY_FIXTURES: Fixtures = {
  adminEmail: '', analyst: { id: '', email: '', password: '' }, partnerA: { id: '', email: '' }, partnerB: { id: '', email: '' },
  laptop: '', monitor: '', spiffId: '', commissionId: '', saleId: '',
};
