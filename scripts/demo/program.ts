/**
 * The demo program, as data: a catalog with tier rates, 50 partners across the four tiers and three
 * statuses, four spiffs (fixed, percentage, with milestones, with a fund) and three months of sales
 * with some returns. Pure and deterministic: the same `start` gives the same program to the cent, so
 * a second run finds everything it would create (invoice numbers, emails, SKUs, spiff names are the
 * program's identity). Money is in integer cents here; the API is sent dollars with two decimals.
 */
import type { CommissionStatus, Milestone, PartnerStatus, PartnerTier } from '@spiffworks/contracts';

export const DEMO_PARTNER_PASSWORD = 'demo-partner-pass';
export const DEMO_ANALYST = { email: 'analyst@spiffworks.example.com', password: 'demo-analyst-pass' } as const;
/** The partner the sign-in hint names: the seed's gold partner. */
export const DEMO_SIGN_IN_PARTNER = 'TechCorp Partners Inc.';

export interface ProductPlan {
  sku: string;
  name: string;
  commission_rate: number;
  commission_rates: Partial<Record<PartnerTier, number>>;
  /** List price in cents; sales vary around it. */
  list_price_cents: number;
  /** Units per sale, inclusive. */
  units: [number, number];
  /** How often partners that may sell it pick it, relative to the others. */
  weight: number;
}

export interface PartnerPlan {
  name: string;
  tier: PartnerTier;
  contact_email: string;
  /** Where the partner ends up: suspended ones sell first (they were approved), pending ones never. */
  status: PartnerStatus;
}

export interface SpiffPlan {
  name: string;
  description: string;
  skus: string[];
  incentive_type: 'fixed' | 'percentage';
  incentive_amount: number;
  target_tiers?: PartnerTier[];
  /** Individual targeting, by contact email. */
  target_emails?: string[];
  milestones?: Milestone[];
  budget_amount?: number;
  per_partner_cap?: number;
  start_date: string;
  end_date: string;
}

export interface SalePlan {
  invoice_number: string;
  partner_email: string;
  sku: string;
  quantity: number;
  unit_price_cents: number;
  sale_date: string;
  /** Units returned later (0: none). */
  returned: number;
}

export interface DemoProgram {
  /** First day of the first month of sales; the spiffs start on it. */
  start: string;
  /** The three months of sales, `YYYY-MM`, and what the admin has done with each month's lines. */
  months: Array<{ month: string; settle: Extract<CommissionStatus, 'paid' | 'approved' | 'pending'> }>;
  products: ProductPlan[];
  partners: PartnerPlan[];
  spiffs: SpiffPlan[];
  sales: SalePlan[];
}

export const PRODUCTS: ProductPlan[] = [
  { sku: 'LAP-PRO-14', name: 'Laptop Pro 14', commission_rate: 10, commission_rates: { gold: 12, platinum: 15 }, list_price_cents: 1_249_00, units: [1, 4], weight: 4 },
  { sku: 'MON-27-4K', name: 'Monitor 27" 4K', commission_rate: 4, commission_rates: { silver: 5, gold: 6, platinum: 7 }, list_price_cents: 449_00, units: [1, 6], weight: 3 },
  { sku: 'DOCK-USBC', name: 'USB-C Dock', commission_rate: 8, commission_rates: { platinum: 9 }, list_price_cents: 189_00, units: [1, 8], weight: 1 },
  { sku: 'KB-WL-01', name: 'Wireless Keyboard', commission_rate: 10, commission_rates: { gold: 11, platinum: 12 }, list_price_cents: 59_00, units: [2, 12], weight: 1 },
  { sku: 'HS-PRO-02', name: 'Headset Pro', commission_rate: 9, commission_rates: {}, list_price_cents: 119_00, units: [1, 10], weight: 1 },
  { sku: 'SRV-2U-R7', name: 'Rack Server 2U', commission_rate: 6, commission_rates: { platinum: 8 }, list_price_cents: 6_499_00, units: [1, 2], weight: 6 },
];

const NAMES = [
  'TechCorp Partners Inc.', 'Northwind Systems', 'Bluewater IT', 'Cascade Computing', 'Summit Solutions Group', 'Pinecrest Technologies',
  'Harbor Networks', 'Redstone Digital', 'Lakeside Integrators', 'Ironbridge IT Services', 'Silverline Resellers', 'Maple Grove Computers',
  'Granite Peak Systems', 'Brightpath Technology', 'Evergreen Tech Supply', 'Copperfield Networks', 'Oakridge Data', 'Sunset Valley IT',
  'Riverbend Solutions', 'Falcon Ridge Computing', 'Westfield Technology Partners', 'Clearwater Systems', 'Stonegate IT', 'Highland Digital',
  'Meadowbrook Computers', 'Blue Harbor Tech', 'Crescent Moon IT', 'Foxglove Systems', 'Juniper Lane Technology', 'Keystone Integrators',
  'Lighthouse Networks', 'Mountainview IT', 'Northstar Resellers', 'Orchard Street Tech', 'Prairie Wind Systems', 'Quarry Hill Computing',
  'Rosewood Solutions', 'Sapphire Coast IT', 'Timberline Technology', 'Union Square Systems', 'Valley Forge Digital', 'Willow Creek IT',
  'Yellowstone Networks', 'Zephyr Computing', 'Aspen Grove Partners', 'Birchwood Technology', 'Cobalt Bay Systems', 'Driftwood IT',
  'Emerald City Computers', 'Frontier Tech Resellers',
];

// 14 bronze, 15 silver, 11 gold, 10 platinum; TechCorp (index 0) gold, as in the seed.
const TIER_PATTERN = ['bronze', 'silver', 'gold', 'silver', 'bronze', 'platinum', 'silver', 'gold', 'bronze', 'platinum'] as const;
const TIER_OF: PartnerTier[] = NAMES.map((_, i) => (i === 0 ? 'gold' : TIER_PATTERN[i % TIER_PATTERN.length]));
const PENDING = new Set([11, 25, 38]);
const SUSPENDED = new Set([14, 29, 43]);

export function partnersPlan(): PartnerPlan[] {
  return NAMES.map((name, i) => ({
    name,
    tier: TIER_OF[i],
    contact_email: `sales@${name.toLowerCase().replace(/ inc\.$/, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.example.com`,
    status: PENDING.has(i) ? 'pending' : SUSPENDED.has(i) ? 'suspended' : 'approved',
  }));
}

/** `YYYY-MM-DD` of the first day of the month `months` after `date`'s. */
export function addMonths(date: string, months: number): string {
  const [y, m] = date.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return d.toISOString().slice(0, 10);
}

function lastDayOf(monthStart: string): string {
  const next = new Date(`${addMonths(monthStart, 1)}T00:00:00Z`);
  return new Date(next.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/** The program's first month when nothing exists yet: three whole months before the current one, so every sale is in the past. */
export function defaultStart(today: Date): string {
  return addMonths(today.toISOString().slice(0, 10), -3);
}

/** A small seeded generator (mulberry32): the same numbers on every run and machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function demoProgram(start: string): DemoProgram {
  const partners = partnersPlan();
  const end = lastDayOf(addMonths(start, 5));
  const championEmails = partners.filter((p) => p.tier === 'platinum' && p.status === 'approved').slice(0, 4).map((p) => p.contact_email);
  const spiffs: SpiffPlan[] = [
    {
      name: 'Laptop Push', description: '$100 per Laptop Pro 14 sold by gold and platinum partners, with rewards at 8 units and $20,000',
      skus: ['LAP-PRO-14'], incentive_type: 'fixed', incentive_amount: 100, target_tiers: ['gold', 'platinum'],
      milestones: [
        { name: 'Sell 8 laptops', metric: 'units', threshold: 8, reward_amount: 300 },
        { name: '$20,000 of laptops', metric: 'revenue', threshold: 20_000, reward_amount: 750 },
      ],
      start_date: start, end_date: end,
    },
    {
      name: 'Monitor Upgrade', description: '5 % of revenue on monitors and docks for silver, gold and platinum partners',
      skus: ['MON-27-4K', 'DOCK-USBC'], incentive_type: 'percentage', incentive_amount: 5, target_tiers: ['silver', 'gold', 'platinum'],
      start_date: start, end_date: end,
    },
    {
      name: 'Accessory Sprint', description: '$15 per keyboard or headset for every tier, from a $6,000 fund, at most $250 per partner',
      skus: ['KB-WL-01', 'HS-PRO-02'], incentive_type: 'fixed', incentive_amount: 15, target_tiers: ['bronze', 'silver', 'gold', 'platinum'],
      budget_amount: 6000, per_partner_cap: 250, start_date: start, end_date: end,
    },
    {
      name: 'Server Champions', description: '$400 per rack server for four platinum partners, $1,500 once they sell 3',
      skus: ['SRV-2U-R7'], incentive_type: 'fixed', incentive_amount: 400, target_emails: championEmails,
      milestones: [{ name: 'Sell 3 servers', metric: 'units', threshold: 3, reward_amount: 1500 }],
      start_date: start, end_date: end,
    },
  ];
  const months = [0, 1, 2].map((i) => ({ month: addMonths(start, i).slice(0, 7), settle: (['paid', 'approved', 'pending'] as const)[i] }));
  return { start, months, products: PRODUCTS, partners, spiffs, sales: salesPlan(partners, spiffs, months.map((m) => m.month)) };
}

/** The SKUs a partner holds an assignment for: those of the spiffs that target it. */
export function sellableSkus(partner: PartnerPlan, spiffs: SpiffPlan[]): string[] {
  return spiffs
    .filter((s) => s.target_tiers?.includes(partner.tier) || s.target_emails?.includes(partner.contact_email))
    .flatMap((s) => s.skus);
}

function salesPlan(partners: PartnerPlan[], spiffs: SpiffPlan[], months: string[]): SalePlan[] {
  const next = random(2025_01_15);
  const between = (low: number, high: number): number => low + Math.floor(next() * (high - low + 1));
  const sales: SalePlan[] = [];
  partners.forEach((partner, p) => {
    if (partner.status === 'pending') return;
    const skus = sellableSkus(partner, spiffs).flatMap((sku) => Array<string>(PRODUCTS.find((x) => x.sku === sku)!.weight).fill(sku));
    for (const month of months) {
      const count = between(1, 3);
      // Distinct days in the month, in order: a partner's sales read as a history.
      const days = [...new Set(Array.from({ length: count }, () => between(1, 28)))].sort((a, b) => a - b);
      days.forEach((day, n) => {
        const sku = skus[between(0, skus.length - 1)];
        const product = PRODUCTS.find((x) => x.sku === sku)!;
        const quantity = between(product.units[0], product.units[1]);
        // 90 % to 105 % of list, to the dollar.
        const unit_price_cents = Math.round((product.list_price_cents * between(90, 105)) / 100 / 100) * 100;
        const returned = quantity >= 2 && next() < 0.08 ? between(1, Math.min(2, quantity - 1)) : 0;
        sales.push({
          invoice_number: `DEMO-${month.replace('-', '')}-${String(p + 1).padStart(2, '0')}-${n + 1}`,
          partner_email: partner.contact_email,
          sku: product.sku,
          quantity,
          unit_price_cents,
          sale_date: `${month}-${String(day).padStart(2, '0')}`,
          returned,
        });
      });
    }
  });
  return sales;
}

/** Cents as the API's money: a number with at most two decimals. */
export function dollars(cents: number): number {
  return cents / 100;
}
