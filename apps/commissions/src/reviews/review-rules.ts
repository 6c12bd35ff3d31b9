import { REVIEW_BATCH_MAX, REVIEW_DECISIONS, REVIEW_REASON_MAX_LENGTH } from '@spiffworks/contracts';
import type { FieldError, ReviewDecision } from '@spiffworks/contracts';
import type { CommissionAction } from '../ledger/commission-lifecycle';


/** The lifecycle action of a review decision: approve releases the line to pending, decline rejects it. */
export const ACTION_OF: Record<ReviewDecision, Extract<CommissionAction, 'release' | 'decline'>> = { approve: 'release', decline: 'decline' };

export type CheckedReview = { ok: true; ids: string[]; decision: ReviewDecision; reason: string | null } | { ok: false; errors: FieldError[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A review command checked whole: ids (1..500 uuids), a known decision, and a reason — required to decline (the partner sees it). */
export function checkReview(command: { ids?: unknown; decision?: unknown; reason?: unknown }): CheckedReview {
  const errors: FieldError[] = [];
  const ids = Array.isArray(command.ids) ? command.ids : null;
  if (!ids || ids.length === 0) errors.push({ field: 'ids', reason: 'must be a non-empty list of line ids' });
  else if (ids.length > REVIEW_BATCH_MAX) errors.push({ field: 'ids', reason: `must list at most ${REVIEW_BATCH_MAX} lines` });
  else if (!ids.every((id) => typeof id === 'string' && UUID.test(id))) errors.push({ field: 'ids', reason: 'must be UUIDs' });
  const decision = REVIEW_DECISIONS.find((d) => d === command.decision);
  if (!decision) errors.push({ field: 'decision', reason: `must be one of ${REVIEW_DECISIONS.join(', ')}` });
  const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
  if (command.reason !== undefined && command.reason !== null && typeof command.reason !== 'string') errors.push({ field: 'reason', reason: 'must be a text' });
  else if (decision === 'decline' && reason.length === 0) errors.push({ field: 'reason', reason: 'is required to decline: the partner sees why' });
  else if (reason.length > REVIEW_REASON_MAX_LENGTH) errors.push({ field: 'reason', reason: `must be at most ${REVIEW_REASON_MAX_LENGTH} characters` });
  if (errors.length) return { ok: false, errors };
  return { ok: true, ids: [...new Set(ids as string[])], decision: decision as ReviewDecision, reason: reason.length ? reason : null };
}
