export const PARTNER_TIERS = ['bronze', 'silver', 'gold', 'platinum'] as const;
export type PartnerTier = (typeof PARTNER_TIERS)[number];

export const PARTNER_STATUSES = ['pending', 'approved', 'suspended'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** Payload of every `partner.*` event: the partner as it is now. `version` orders snapshots. */
export interface PartnerSnapshot {
  id: string;
  name: string;
  tier: PartnerTier;
  status: PartnerStatus;
  contact_email: string;
  version: number;
}

export interface PartnerView {
  id: string;
  name: string;
  tier: PartnerTier;
  status: PartnerStatus;
  contact_email: string;
  created_at: string;
  updated_at: string;
}

export interface CreatePartnerCommand {
  name: string;
  tier: PartnerTier;
  contact_email: string;
  password?: string;
}

export interface UpdatePartnerCommand {
  id: string;
  name?: string;
  tier?: PartnerTier;
}

export interface ListPartnersQuery {
  tier?: PartnerTier;
  status?: PartnerStatus;
  /** Case-insensitive substring of the name or the contact email. */
  q?: string;
  page: number;
  page_size: number;
}

/** Whom a spiff's targeting reaches: the same rule fulfillment's fan-out applies (approved partners only). */
export interface PartnerReachQuery {
  assignment_type: 'tier' | 'individual';
  target_tiers?: PartnerTier[];
  target_partners?: string[];
}

export interface PartnerReachView {
  /** The approved partners the targeting reaches now: the assignments a spiff created now would get. */
  approved_partners: number;
  /** Every partner the targeting names, whatever its status. */
  targeted_partners: number;
  /** Targeted partners by status (pending and suspended ones join when approved). */
  by_status: Record<PartnerStatus, number>;
  /** Approved partners per targeted tier (tier targeting only; empty otherwise). */
  approved_by_tier: Partial<Record<PartnerTier, number>>;
  /** Listed ids that name no partner (individual targeting only). */
  unknown_partners: string[];
}
