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
  page: number;
  page_size: number;
}
