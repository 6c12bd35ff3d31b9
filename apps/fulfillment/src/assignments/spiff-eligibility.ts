import type { PartnerStatus, PartnerTier, SpiffAssignmentType, SpiffStatus } from '@spiffworks/contracts';

export interface TargetedSpiff {
  assignment_type: SpiffAssignmentType;
  target_tiers: readonly PartnerTier[];
  target_partners: readonly string[];
  status: SpiffStatus;
  end_date: string;
  created_at: Date;
}

export interface CandidatePartner {
  id: string;
  tier: PartnerTier;
  status: PartnerStatus;
}

/** Does the spiff target this partner (by tier, or by name), and may it hold an assignment now? */
export function isTargetedBy(spiff: TargetedSpiff, partner: CandidatePartner): boolean {
  if (partner.status !== 'approved' || spiff.status !== 'active') return false;
  return spiff.assignment_type === 'tier'
    ? spiff.target_tiers.includes(partner.tier)
    : spiff.target_partners.includes(partner.id);
}

/**
 * When a partner becomes eligible (approved, or moved into a targeted tier), which spiffs does it
 * join? Those still running (not ended by `today`), and also any created after the change
 * happened: the partner was eligible then, and only the order of events made it arrive later.
 */
export function shouldJoinSpiff(
  spiff: TargetedSpiff,
  partner: CandidatePartner,
  today: string,
  partnerChangedAt: Date,
): boolean {
  if (!isTargetedBy(spiff, partner)) return false;
  return spiff.end_date >= today || partnerChangedAt.getTime() <= spiff.created_at.getTime();
}
