/**
 * Partner files for the partner import's end-to-end tests: good rows of every tier and both
 * statuses (some with a password of their own), bad rows each wrong in exactly one way with the
 * field and reason it must be rejected for, and the text of the file (`fileChunks` streams it).
 */
import type { PartnerTier } from '@spiffworks/contracts';

export const PARTNERS_PATH = '/api/partners/imports';

/** The required columns in another order than documented, the optional password, and one the import ignores (`region`). */
export const PARTNER_FILE_HEADER = ['contact_email', 'region', 'name', 'status', 'tier', 'password'] as const;
type Column = (typeof PARTNER_FILE_HEADER)[number];

export const BAD_PARTNER_ROW_KINDS = [
  'unknown_tier', 'bad_email', 'missing_name', 'duplicate_in_file', 'duplicate_of_existing', 'email_of_a_user', 'suspended_status', 'short_password',
] as const;
export type BadPartnerRowKind = (typeof BAD_PARTNER_ROW_KINDS)[number];

export interface PartnerRejection {
  kind: BadPartnerRowKind | 'already_registered';
  field: string;
  reason: RegExp;
}

/** A good row: the partner it registers. */
export interface PartnerOfRow {
  name: string;
  tier: PartnerTier;
  contact_email: string;
  status: 'pending' | 'approved';
  password?: string;
}

/** One data row: its number (the header is row 1), its cells as written, and what must become of it. */
export interface PartnerFileRow {
  row: number;
  cells: string[];
  partner?: PartnerOfRow;
  rejection?: PartnerRejection;
}

export interface PartnerFile {
  header: readonly string[];
  rows: PartnerFileRow[];
}

export interface PartnerFilePlan {
  rows: number;
  /** Starts every email of the file: files apart never share one by accident. */
  prefix: string;
  /** Each kind `perKind` times, spread over the file (a duplicate needs a good row before it). */
  bad: readonly BadPartnerRowKind[];
  perKind: number;
  /** Every `passwordEvery`th good row carries a password of its own (0: none). */
  passwordEvery: number;
  /** A partner registered before (through the API), and a user's email (the admin's). */
  existingPartnerEmail: string;
  userEmail: string;
}

const TIERS: PartnerTier[] = ['bronze', 'silver', 'gold', 'platinum'];

const REJECTIONS: Record<BadPartnerRowKind, Omit<PartnerRejection, 'kind'>> = {
  unknown_tier: { field: 'tier', reason: /^must be one of the following values: bronze, silver, gold, platinum$/ },
  bad_email: { field: 'contact_email', reason: /^must be an email$/ },
  missing_name: { field: 'name', reason: /^is required$/ },
  duplicate_in_file: { field: 'contact_email', reason: /is already used by row \d+ of this file$/ },
  duplicate_of_existing: { field: 'contact_email', reason: /^a partner with contact_email .* already exists$/ },
  email_of_a_user: { field: 'contact_email', reason: /^a user with email .* already exists$/ },
  suspended_status: { field: 'status', reason: /^must be one of pending, approved/ },
  short_password: { field: 'password', reason: /^must be longer than or equal to 8 characters$/ },
};

/** What a row registered once is, uploaded again. */
export const ALREADY_REGISTERED: PartnerRejection = { kind: 'already_registered', field: 'contact_email', reason: /^a partner with contact_email .* already exists$/ };

const cellsOf = (c: Record<Column, string>): string[] => PARTNER_FILE_HEADER.map((column) => c[column]);

/**
 * A partner file of `plan.rows` data rows (numbered from 2): good rows cycle through the tiers and
 * statuses, and each bad kind appears `perKind` times, evenly spread. A duplicate row repeats the
 * email of a good row before it (its number is in the expected reason).
 */
export function buildPartnerFile(plan: PartnerFilePlan): PartnerFile {
  const badAt = new Map<number, BadPartnerRowKind>();
  const bad = plan.bad.flatMap((kind) => Array.from({ length: plan.perKind }, () => kind));
  bad.forEach((kind, i) => badAt.set(Math.floor(((i + 0.5) * plan.rows) / bad.length), kind));
  const rows: PartnerFileRow[] = [];
  const goods: PartnerFileRow[] = [];
  for (let i = 0; i < plan.rows; i++) {
    const row = i + 2;
    const n = String(i).padStart(6, '0');
    const kind = badAt.get(i);
    const good: PartnerOfRow = {
      name: `${plan.prefix} Partner ${n}`,
      tier: TIERS[i % TIERS.length],
      contact_email: `${plan.prefix.toLowerCase()}-${n}@partners.example`,
      status: i % 3 === 0 ? 'pending' : 'approved',
      ...(plan.passwordEvery > 0 && i % plan.passwordEvery === 1 && { password: `${plan.prefix}-password-${n}` }),
    };
    const cells: Record<Column, string> = { contact_email: good.contact_email, region: ['EMEA', 'AMER', 'APAC'][i % 3], name: good.name, status: good.status, tier: good.tier, password: good.password ?? '' };
    if (!kind || (kind === 'duplicate_in_file' && goods.length === 0)) {
      const fileRow = { row, cells: cellsOf(cells), partner: good };
      rows.push(fileRow);
      goods.push(fileRow);
      continue;
    }
    const earlier = goods[Math.floor(goods.length / 2)];
    const wrong: Record<BadPartnerRowKind, Partial<Record<Column, string>>> = {
      unknown_tier: { tier: 'diamond' },
      bad_email: { contact_email: `${plan.prefix}-${n}-at-partners.example` },
      missing_name: { name: '' },
      duplicate_in_file: { contact_email: earlier?.partner?.contact_email.toUpperCase() ?? '' },
      duplicate_of_existing: { contact_email: plan.existingPartnerEmail },
      email_of_a_user: { contact_email: plan.userEmail },
      suspended_status: { status: 'suspended' },
      short_password: { password: 'short' },
    };
    const { field, reason } = REJECTIONS[kind];
    const expected = kind === 'duplicate_in_file' ? new RegExp(`is already used by row ${earlier.row} of this file$`) : reason;
    rows.push({ row, cells: cellsOf({ ...cells, ...wrong[kind] }), rejection: { kind, field, reason: expected } });
  }
  return { header: PARTNER_FILE_HEADER, rows };
}

/** The cells errors.csv repeats for a row: its cells as written, the password emptied (never stored readable). */
export function reportedCells(row: PartnerFileRow): string[] {
  const at = PARTNER_FILE_HEADER.indexOf('password');
  return row.cells.map((c, i) => (i === at ? '' : c));
}

export const goodPartners = (file: PartnerFile): PartnerOfRow[] => file.rows.flatMap((r) => (r.partner ? [r.partner] : []));
