import type { Milestone } from './milestones';
import type { IncentiveType } from './spiffs';

export const ASSIGNMENT_TYPES = ['spiff', 'product', 'target'] as const;
export type AssignmentType = (typeof ASSIGNMENT_TYPES)[number];

export type AssignmentStatus = 'active' | 'closed';

/** The seed's manual `POST /api/fulfillment/assignments` body. */
export interface CreateAssignmentCommand {
  partner_id: string;
  spiff_id?: string;
  product_ids: string[];
  assignment_type: AssignmentType;
  start_date: string;
  end_date: string;
  target_quantity?: number;
  milestones?: Milestone[];
}

export interface AssignmentView {
  id: string;
  partner_id: string;
  spiff_id: string | null;
  product_ids: string[];
  assignment_type: AssignmentType;
  start_date: string;
  end_date: string;
  target_quantity: number | null;
  actual_quantity: number;
  actual_revenue: number;
  milestones: Milestone[];
  status: AssignmentStatus;
  assigned_by: string;
  created_at: string;
}

/** Payload of `assignment.created`: one event per chunk of a fan-out, not one per row. */
export interface AssignmentsCreatedPayload {
  spiff_id: string | null;
  assignments: Array<Pick<AssignmentView, 'id' | 'partner_id' | 'status'>>;
}

/** Payload of `assignment.closed` (a cancelled spiff closes its assignments), chunked like creation. */
export type AssignmentsClosedPayload = AssignmentsCreatedPayload;

export interface ListAssignmentsQuery {
  partner_id?: string;
  spiff_id?: string;
  page: number;
  page_size: number;
}

/** One entry of the seed's `GET /api/fulfillment/assignments/my-opportunities`. */
export interface Opportunity {
  assignment_id: string;
  assignment_type: AssignmentType;
  spiff: {
    id: string;
    name: string;
    description: string | null;
    incentive_amount: number;
    incentive_type: IncentiveType;
    start_date: string;
    end_date: string;
    /**
     * A budgeted spiff's fund as this partner can still draw on it (the fund's remainder, or the
     * partner's under its cap, whichever is less); `exhausted` when nothing is left. null: no fund.
     * Absent from replies of the release before.
     */
    fund?: { remaining: number; exhausted: boolean } | null;
  } | null;
  products: Array<{ id: string; name: string; sku: string; commission_rate: number }>;
  target_quantity: number | null;
  actual_quantity: number;
  actual_revenue: number;
  milestones: Milestone[];
  start_date: string;
  end_date: string;
  status: AssignmentStatus;
}
