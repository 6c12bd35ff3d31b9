import type {
  AbortImportCommand, AppendImportRowsCommand, CloseImportCommand, GetImportQuery, ImportErrorsPage, ImportPageQuery, ImportRow, ImportView,
  OpenImportCommand,
} from './imports';
import type { PartnerSnapshot, PartnerStatus, PartnerTier } from './partners';

/**
 * A partner file: CSV with a header row naming at least these columns (any order; other columns
 * are ignored, as in a sell-through file). Every accepted row is a partner exactly as
 * `POST /api/partners` registers it, with a portal user: an invite (the fast path), or the row's
 * `password` when the file has that optional column and the row's cell is not empty.
 */
export const PARTNER_IMPORT_COLUMNS = ['name', 'tier', 'contact_email', 'status'] as const;
export type PartnerImportColumn = (typeof PARTNER_IMPORT_COLUMNS)[number];
export const PARTNER_IMPORT_OPTIONAL_COLUMNS = ['password'] as const;

/**
 * The statuses a file may give a new partner: `pending` (as `POST /api/partners` registers it) or
 * `approved` (as if approved right after: it takes part in the spiffs that target it at once). A
 * partner is suspended only once it exists (`POST /api/partners/{id}/suspend`).
 */
export const PARTNER_IMPORT_STATUSES = ['pending', 'approved'] as const satisfies readonly PartnerStatus[];
export type PartnerImportStatus = (typeof PARTNER_IMPORT_STATUSES)[number];

/** What a row says, as `POST /api/partners` takes it, with the status it starts in. */
export interface ImportedPartner {
  name: string;
  tier: PartnerTier;
  contact_email: string;
  status: PartnerImportStatus;
  /** Hashed off the request path, by the partners service's worker; a row without one gets an invite. */
  password?: string;
}

export type PartnerImportRow = ImportRow<'partner', ImportedPartner>;

export type OpenPartnerImportCommand = OpenImportCommand;
export type AppendPartnerImportRowsCommand = AppendImportRowsCommand<PartnerImportRow>;
export type ClosePartnerImportCommand = CloseImportCommand;
export type AbortPartnerImportCommand = AbortImportCommand;
export type PartnerImportView = ImportView;
export type GetPartnerImportQuery = GetImportQuery;
export type PartnerImportPageQuery = ImportPageQuery;
export type PartnerImportErrorsPage = ImportErrorsPage;

/** One partner user of an import still waiting for its invite to be accepted, with its token. */
export interface PartnerInviteLink {
  row: number;
  name: string;
  contact_email: string;
  /** The invite's token itself: shown only in invites.csv, never stored (only its SHA-256) nor logged. */
  token: string;
  expires_at: string;
}

export interface PartnerInvitesPage {
  invites: PartnerInviteLink[];
  /** Null on the last page. */
  next_after_row: number | null;
}

/** An admin's new invite for a partner's user (its invite expired, or its link was lost): the old ones stop working. */
export interface ReissueInviteCommand {
  partner_id: string;
}

/** The new invite, its token shown this once (never stored, only its SHA-256). */
export interface ReissuedInvite {
  user_id: string;
  email: string;
  token: string;
  expires_at: string;
}

/** The invited user chooses its password: it becomes active and signs in with its contact email. */
export interface AcceptInviteCommand {
  token: string;
  password: string;
}

/**
 * Payload of `partner.imported`: the partners one chunk of an import registered, as each is now
 * (the snapshot every `partner.*` event carries), so consumers apply a chunk in one transaction
 * rather than one event per partner.
 */
export interface PartnersImportedPayload {
  import_id: string;
  partners: PartnerSnapshot[];
}
