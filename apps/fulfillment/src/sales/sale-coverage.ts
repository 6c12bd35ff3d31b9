import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import type { LogSaleCommand, MilestoneAchievedPayload } from '@spiffworks/contracts';
import type { Transaction } from '@spiffworks/runtime';
import { AssignmentsRepository } from '../assignments/assignments.repository';
import type { AddedProgress } from '../assignments/assignments.repository';
import { MilestonesService } from '../milestones/milestones.service';
import { idsOf } from './sale-context.repository';
import type { AcceptedSale, SaleBook } from './sale-rule';

/** Units and revenue a return takes back from the assignments its sale counted toward. */
export interface ReturnedUnits {
  return_id: string;
  sale_id: string;
  assignment_ids: string[];
  quantity: number;
  /** Decimal string. */
  revenue: string;
}

/**
 * The assignments' side of "a sale needs a covering assignment": the assignments a batch of sales
 * could count toward are locked in id order before the sale rule weighs them, so concurrent sales
 * and returns of one partner queue instead of deadlocking; the accepted sales' progress and
 * milestones are then written, and a return gives its units back to the same assignments.
 */
@Injectable()
export class SaleCoverage {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly milestones: MilestonesService,
  ) {}

  /** Locks the assignments the sales could count toward; answers them with the milestones standing on them. */
  async lock(tx: Transaction, sales: LogSaleCommand[]): Promise<Pick<SaleBook, 'assignments' | 'standing'>> {
    const assignments = await this.assignments.lockCandidates(tx.manager, idsOf(sales, 'partner_id'), idsOf(sales, 'product_id'));
    const withMilestones = assignments.filter((a) => a.milestones.length > 0).map((a) => a.id);
    return { assignments, standing: await this.milestones.standingKeys(tx, withMilestones) };
  }

  /**
   * Writes what the accepted sales did to their assignments: progress, in one statement, and the
   * milestones reached; answers the `milestone.achieved` payloads of each sale, in the sales' order.
   */
  async count(tx: Transaction, accepted: AcceptedSale[], at: Date): Promise<MilestoneAchievedPayload[][]> {
    const added = new Map<string, { units: Decimal; revenue: Decimal }>();
    for (const { facts } of accepted) {
      for (const id of facts.assignment_ids) {
        const sum = added.get(id) ?? { units: new Decimal(0), revenue: new Decimal(0) };
        added.set(id, { units: sum.units.plus(facts.quantity), revenue: sum.revenue.plus(facts.revenue) });
      }
    }
    const progress: AddedProgress[] = [...added].sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, sum]) => ({ id, units: sum.units.toFixed(0), revenue: sum.revenue.toFixed(2) }));
    await this.assignments.addProgress(tx.manager, progress);
    const achieved = await this.milestones.recordReached(tx, accepted.flatMap((s) => s.reached), at);
    let next = 0;
    return accepted.map((s) => achieved.slice(next, (next += s.reached.length)));
  }

  /** Takes the returned units back from the assignments the sale counted toward, reversing the milestones they fall below. */
  async takeBackReturn(tx: Transaction, returned: ReturnedUnits): Promise<void> {
    const remaining = await this.assignments.subtractReturn(tx.manager, returned.assignment_ids, returned.quantity, returned.revenue);
    await this.milestones.reverseLost(tx, remaining, returned);
  }
}
