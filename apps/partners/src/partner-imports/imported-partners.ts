import { ErrorCode, PARTNER_IMPORT_STATUSES, PARTNER_TIERS } from '@spiffworks/contracts';
import type { ImportedPartner } from '@spiffworks/contracts';

/** A row's partner as staged: its password sealed on arrival, then replaced by its bcrypt hash before the row is weighed. */
export type StagedPartner = Omit<ImportedPartner, 'password'> & { sealed_password?: string; password_hash?: string };

/** A row of a chunk with what the database says of its email. */
export interface RowToWeigh {
  row: number;
  partner: StagedPartner;
  /** The contact email as PostgreSQL's `lower()` has it: what the partners' unique index compares. */
  key: string;
  /** The partner that already has the email, if any, and the row of this file that registered it, if it was this file. */
  taken_by: { partner_id: string; row: number | null } | null;
}

export type RowDecision =
  | { row: number; accepted: true }
  | { row: number; accepted: false; code: ErrorCode; field: string; reason: string };

/**
 * Which rows of a chunk become partners, in row order as if each were `POST /api/partners` in turn:
 * a row whose contact email a partner has (an earlier row of this file, or anyone), or a user has
 * (every imported partner gets a user with that email), is rejected naming it; of two rows of the
 * chunk with one email the first wins. `takenUsers` holds emails lower-cased as users store them.
 */
export function decideRows(rows: RowToWeigh[], takenUsers: ReadonlySet<string>): RowDecision[] {
  const firstRowOf = new Map<string, number>();
  return rows.map(({ row, partner, key, taken_by: takenBy }): RowDecision => {
    const malformed = malformedField(partner);
    if (malformed) return { row, accepted: false, code: ErrorCode.VALIDATION_FAILED, field: malformed, reason: `${malformed} is not what a partner file row holds` };
    const email = partner.contact_email.trim();
    const userEmail = email.toLowerCase();
    const earlier = takenBy?.row ?? firstRowOf.get(key) ?? firstRowOf.get(userEmail);
    if (earlier !== undefined) {
      return { row, accepted: false, code: ErrorCode.PARTNER_EMAIL_TAKEN, field: 'contact_email', reason: `contact_email ${email} is already used by row ${earlier} of this file` };
    }
    if (takenBy) return { row, accepted: false, code: ErrorCode.PARTNER_EMAIL_TAKEN, field: 'contact_email', reason: `a partner with contact_email ${email} already exists` };
    if (takenUsers.has(userEmail)) return { row, accepted: false, code: ErrorCode.USER_EMAIL_TAKEN, field: 'contact_email', reason: `a user with email ${userEmail} already exists` };
    // Both spellings: the partners' index compares lower(), the users' the lower-cased text.
    firstRowOf.set(key, row);
    firstRowOf.set(userEmail, row);
    return { row, accepted: true };
  });
}

/** The gateway validated every row's shape (CreatePartnerDto); a payload that is not one is its bug, refused by name. */
function malformedField(p: StagedPartner): string | null {
  if (typeof p.name !== 'string' || p.name.trim() === '') return 'name';
  if (!(PARTNER_TIERS as readonly string[]).includes(p.tier)) return 'tier';
  if (typeof p.contact_email !== 'string' || p.contact_email.trim() === '') return 'contact_email';
  if (!(PARTNER_IMPORT_STATUSES as readonly string[]).includes(p.status)) return 'status';
  return null;
}
