/**
 * Loads the demo program into a running platform through the gateway's public API, as an admin and
 * the partners would: catalog, partners (approved, then suspended or left pending), the analyst, the
 * spiffs (whose fan-out gives every targeted partner its opportunity), the partners' own sales and
 * returns, then the admin's approvals and payouts month by month.
 *
 * Idempotent: everything is looked up first by what identifies it (email, SKU, spiff name, invoice
 * number, a line's status) and only what is missing is created or moved, each creating POST with a
 * deterministic Idempotency-Key, so a run cut short and run again completes the program and a second
 * full run changes nothing.
 */
import type {
  CommissionView, Opportunity, PartnerStatus, PartnerTier, PartnerView, ProductView, SaleView, SpiffView, UserView,
} from '@spiffworks/contracts';
import { eachLimit, waitFor } from './client';
import type { DemoApi } from './client';
import { DEMO_ANALYST, DEMO_PARTNER_PASSWORD, defaultStart, demoProgram, dollars, sellableSkus } from './program';
import type { DemoProgram, PartnerPlan } from './program';

/** Requests in flight at once: enough to be quick, few enough to leave a laptop's platform responsive. */
const IN_FLIGHT = 4;

export interface DemoSummary {
  start: string;
  months: DemoProgram['months'];
  products: number;
  partners: { total: number; by_tier: Record<PartnerTier, number>; by_status: Record<PartnerStatus, number> };
  spiffs: Array<{ name: string; incentive: string; assignments: number }>;
  sales: number;
  /** Revenue as logged (as analytics' sales file shows it), and net of returns (as its totals count it). */
  revenue: number;
  net_revenue: number;
  returns: number;
  /** The program's sale lines by status, as the ledger holds them after the run. */
  sale_lines: { paid: number; approved: number; pending: number };
  milestone_rewards: number;
  /** What this run did: all zero on a second run. */
  created: { users: number; products: number; partners: number; approvals: number; spiffs: number; sales: number; returns: number; lines_approved: number; lines_paid: number; suspensions: number };
}

export async function loadDemo(api: DemoApi, admin: { email: string; password: string }, today = new Date()): Promise<DemoSummary> {
  const token = await api.login(admin.email, admin.password);
  const created: DemoSummary['created'] = { users: 0, products: 0, partners: 0, approvals: 0, spiffs: 0, sales: 0, returns: 0, lines_approved: 0, lines_paid: 0, suspensions: 0 };

  // The program's months come from its first spiff once it exists, so a run next month finds the same program.
  const spiffsBefore = await api.all<SpiffView>('/api/spiffs', token);
  const probe = demoProgram(defaultStart(today));
  const existingFirst = spiffsBefore.find((s) => s.name === probe.spiffs[0].name);
  const program = existingFirst ? demoProgram(existingFirst.start_date) : probe;

  await ensureAnalyst(api, token, created);
  const products = await ensureProducts(api, token, program, created);
  const partners = await ensurePartners(api, token, program, created);
  const spiffs = await ensureSpiffs(api, token, program, products, partners, spiffsBefore, created);
  await logSales(api, program, products, partners, spiffs, created);
  const lines = await settleLines(api, token, program, partners, created);
  await suspendPartners(api, token, program, partners, created);

  const assignments = await api.all<SpiffView & { assignment_count: number }>('/api/spiffs', token);
  const partnerPlans = program.partners;
  const count = <K extends string>(keys: readonly K[], of: (p: PartnerPlan) => K) =>
    Object.fromEntries(keys.map((k) => [k, partnerPlans.filter((p) => of(p) === k).length])) as Record<K, number>;
  return {
    start: program.start,
    months: program.months,
    products: program.products.length,
    partners: {
      total: partnerPlans.length,
      by_tier: count(['bronze', 'silver', 'gold', 'platinum'] as const, (p) => p.tier),
      by_status: count(['approved', 'pending', 'suspended'] as const, (p) => p.status),
    },
    spiffs: program.spiffs.map((s) => ({
      name: s.name,
      incentive: s.incentive_type === 'fixed' ? `$${s.incentive_amount}/unit` : `${s.incentive_amount} % of revenue`,
      assignments: assignments.find((a) => a.id === spiffs.get(s.name))?.assignment_count ?? 0,
    })),
    sales: program.sales.length,
    revenue: dollars(program.sales.reduce((sum, s) => sum + s.quantity * s.unit_price_cents, 0)),
    net_revenue: dollars(program.sales.reduce((sum, s) => sum + (s.quantity - s.returned) * s.unit_price_cents, 0)),
    returns: program.sales.filter((s) => s.returned > 0).length,
    sale_lines: {
      paid: lines.filter((l) => l.kind === 'sale' && l.status === 'paid').length,
      approved: lines.filter((l) => l.kind === 'sale' && l.status === 'approved').length,
      pending: lines.filter((l) => l.kind === 'sale' && l.status === 'pending').length,
    },
    milestone_rewards: lines.filter((l) => l.kind === 'milestone_reward').length,
    created,
  };
}

async function ensureAnalyst(api: DemoApi, token: string, created: DemoSummary['created']): Promise<void> {
  const found = await api.all<UserView>(`/api/users?q=${encodeURIComponent(DEMO_ANALYST.email)}`, token);
  if (found.some((u) => u.email.toLowerCase() === DEMO_ANALYST.email)) return;
  await api.post('/api/users', { ...DEMO_ANALYST, role: 'analyst' }, token, `demo:user:${DEMO_ANALYST.email}`);
  created.users++;
}

/** SKU → product id. */
async function ensureProducts(api: DemoApi, token: string, program: DemoProgram, created: DemoSummary['created']): Promise<Map<string, string>> {
  const existing = new Map((await api.all<ProductView>('/api/products', token)).map((p) => [p.sku, p.id]));
  for (const product of program.products) {
    if (existing.has(product.sku)) continue;
    const { sku, name, commission_rate, commission_rates } = product;
    const made = await api.post<ProductView>('/api/products', { sku, name, commission_rate, commission_rates }, token, `demo:product:${sku}`);
    existing.set(sku, made.id);
    created.products++;
  }
  return existing;
}

interface KnownPartner {
  plan: PartnerPlan;
  id: string;
  status: PartnerStatus;
}

/** Email → the partner as it stands, registered and approved where the program says so (suspensions come last). */
async function ensurePartners(api: DemoApi, token: string, program: DemoProgram, created: DemoSummary['created']): Promise<Map<string, KnownPartner>> {
  const known = new Map<string, KnownPartner>();
  await eachLimit(program.partners, IN_FLIGHT, async (plan) => {
    const matches = await api.all<PartnerView>(`/api/partners?q=${encodeURIComponent(plan.contact_email)}`, token);
    let partner = matches.find((p) => p.contact_email.toLowerCase() === plan.contact_email);
    if (!partner) {
      const { name, tier, contact_email } = plan;
      partner = await api.post<PartnerView>('/api/partners', { name, tier, contact_email, password: DEMO_PARTNER_PASSWORD }, token, `demo:partner:${contact_email}`);
      created.partners++;
    }
    if (plan.status !== 'pending' && partner.status === 'pending') {
      partner = await api.post<PartnerView>(`/api/partners/${partner.id}/approve`, {}, token);
      created.approvals++;
    }
    known.set(plan.contact_email, { plan, id: partner.id, status: partner.status });
  });
  return known;
}

/** Spiff name → id. */
async function ensureSpiffs(
  api: DemoApi, token: string, program: DemoProgram, products: Map<string, string>, partners: Map<string, KnownPartner>,
  existing: SpiffView[], created: DemoSummary['created'],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const spiff of program.spiffs) {
    const found = existing.find((s) => s.name === spiff.name && s.status === 'active');
    if (found) {
      ids.set(spiff.name, found.id);
      continue;
    }
    const { skus, target_emails, target_tiers, ...terms } = spiff;
    const body = {
      ...terms,
      target_products: skus.map((sku) => products.get(sku)!),
      ...(target_emails
        ? { assignment_type: 'individual', target_partners: target_emails.map((email) => partners.get(email)!.id) }
        : { assignment_type: 'tier', target_tiers }),
    };
    const made = await api.post<SpiffView>('/api/spiffs', body, token, `demo:spiff:${spiff.name.replace(/\s+/g, '-')}:${spiff.start_date}`);
    ids.set(spiff.name, made.id);
    created.spiffs++;
  }
  return ids;
}

/**
 * Each partner signs in and logs its own sales, oldest first, then books its returns. A partner
 * already suspended sold before its suspension (the last step), so it has nothing left to do.
 */
async function logSales(
  api: DemoApi, program: DemoProgram, products: Map<string, string>, partners: Map<string, KnownPartner>, spiffs: Map<string, string>,
  created: DemoSummary['created'],
): Promise<void> {
  const sellers = [...partners.values()].filter((p) => p.status === 'approved');
  await eachLimit(sellers, IN_FLIGHT, async (partner) => {
    const plans = program.sales.filter((s) => s.partner_email === partner.plan.contact_email);
    if (plans.length === 0) return;
    const token = await api.login(partner.plan.contact_email, DEMO_PARTNER_PASSWORD);
    // The spiff's fan-out runs on its event: wait until the partner holds every opportunity it sells under.
    const needed = program.spiffs.filter((s) => sellableSkus(partner.plan, [s]).length > 0).map((s) => spiffs.get(s.name)!);
    await waitFor(
      `${partner.plan.name}'s opportunities`,
      () => api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', token),
      ({ opportunities }) => needed.every((id) => opportunities.some((o) => o.spiff?.id === id)),
    );
    const logged = new Map((await api.all<SaleView>('/api/fulfillment/sales/my-sales', token)).map((s) => [s.invoice_number, s]));
    for (const plan of plans) {
      let sale = logged.get(plan.invoice_number);
      if (!sale) {
        sale = await api.post<SaleView>('/api/fulfillment/sales', {
          partner_id: partner.id, product_id: products.get(plan.sku)!, quantity: plan.quantity, unit_price: dollars(plan.unit_price_cents),
          sale_date: plan.sale_date, invoice_number: plan.invoice_number,
        }, token, `demo:sale:${plan.invoice_number}`);
        created.sales++;
      }
      const toReturn = plan.returned - sale.returned_quantity;
      if (toReturn > 0) {
        await api.post(`/api/fulfillment/sales/${sale.id}/returns`, { quantity: toReturn, reason: 'customer returned unopened units' }, token, `demo:return:${plan.invoice_number}`);
        created.returns++;
      }
    }
  });
}

/**
 * The admin's month-end: the first month's sale lines approved and paid (one payout reference per
 * month), the second's approved, the third's left pending; clawbacks and rewards wait for review.
 * Waits until the ledger has booked every sale and return of the program (it books them from events).
 */
async function settleLines(
  api: DemoApi, token: string, program: DemoProgram, partners: Map<string, KnownPartner>, created: DemoSummary['created'],
): Promise<CommissionView[]> {
  const read = async (): Promise<CommissionView[]> => {
    const lines: CommissionView[] = [];
    await eachLimit([...partners.values()], IN_FLIGHT, async (p) => {
      lines.push(...await api.all<CommissionView>(`/api/commissions?partner_id=${p.id}`, token));
    });
    return lines;
  };
  const returns = program.sales.filter((s) => s.returned > 0).length;
  let lines = await waitFor('the ledger to book every sale and return', read,
    (ls) => ls.filter((l) => l.kind === 'sale').length >= program.sales.length && ls.filter((l) => l.kind === 'clawback').length >= returns);
  // Milestone rewards follow their sales' events: settled once a second passes without a new line.
  for (let previous = -1; lines.length !== previous;) {
    previous = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    lines = await read();
  }

  const settleOf = new Map(program.months.map((m) => [m.month, m.settle]));
  const wanted = (line: CommissionView) => (line.kind === 'sale' && line.sale_date ? settleOf.get(line.sale_date.slice(0, 7)) : undefined);
  const toApprove = lines.filter((l) => l.status === 'pending' && (wanted(l) === 'approved' || wanted(l) === 'paid')).map((l) => l.id);
  for (let i = 0; i < toApprove.length; i += 500) {
    await api.post('/api/commissions/approve', { ids: toApprove.slice(i, i + 500) }, token);
  }
  created.lines_approved += toApprove.length;
  if (toApprove.length) lines = await read();
  for (const { month } of program.months.filter((m) => m.settle === 'paid')) {
    const toPay = lines.filter((l) => l.status === 'approved' && wanted(l) === 'paid' && l.sale_date?.startsWith(month)).map((l) => l.id);
    for (let i = 0; i < toPay.length; i += 500) {
      await api.post('/api/commissions/pay', { ids: toPay.slice(i, i + 500), payout_reference: `DEMO-PAYOUT-${month}` }, token);
    }
    created.lines_paid += toPay.length;
  }
  return created.lines_paid ? read() : lines;
}

async function suspendPartners(api: DemoApi, token: string, program: DemoProgram, partners: Map<string, KnownPartner>, created: DemoSummary['created']): Promise<void> {
  for (const plan of program.partners.filter((p) => p.status === 'suspended')) {
    const partner = partners.get(plan.contact_email)!;
    if (partner.status === 'suspended') continue;
    await api.post(`/api/partners/${partner.id}/suspend`, {}, token);
    partner.status = 'suspended';
    created.suspensions++;
  }
}
