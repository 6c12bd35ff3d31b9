import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@spiffworks/contracts';
import { ServiceFailure, isNumericOverflow } from '@spiffworks/messaging';
import type { Transaction } from '@spiffworks/runtime';
import { AssignmentsRepository } from '../assignments/assignments.repository';
import type { CoveredSale } from '../assignments/assignments.repository';
import { MilestonesService } from '../milestones/milestones.service';

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
 * The rule "a sale needs a covering assignment": a sale counts toward every active assignment of
 * its partner that holds the product and covers the sale date, and is refused when none does; a
 * return gives its units back to the same assignments. The assignments are locked in id order,
 * so concurrent sales and returns of one partner queue instead of deadlocking, and their
 * milestones move with their progress.
 */
@Injectable()
export class SaleCoverage {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly milestones: MilestonesService,
  ) {}

  /** Counts the sale toward its covering assignments; answers their ids, none when it is not covered. */
  async countSale(tx: Transaction, sale: CoveredSale): Promise<string[]> {
    try {
      const progressed = await this.assignments.addSaleToCovering(tx.manager, sale);
      await this.milestones.recordReached(tx, progressed);
      return progressed.map((a) => a.id);
    } catch (error) {
      // The progress columns are far wider than a program reaches; should one still overflow, the caller learns which input did it.
      if (!isNumericOverflow(error)) throw error;
      const reason = 'takes an assignment\'s progress past what it can hold';
      throw new ServiceFailure(ErrorCode.AMOUNT_OUT_OF_RANGE, `the sale ${reason}`, [{ field: 'quantity', reason }, { field: 'unit_price', reason }]);
    }
  }

  /** Refuses (422) a sale that no assignment covers, naming what the partner lacks. */
  requireCovered(assignmentIds: string[], sale: { partner_name: string; product_name: string; sale_date: string }): void {
    if (assignmentIds.length > 0) return;
    throw new ServiceFailure(
      ErrorCode.SALE_NOT_COVERED,
      `product ${sale.product_name} is not in any active assignment of partner ${sale.partner_name} covering ${sale.sale_date}`,
    );
  }

  /** Takes the returned units back from the assignments the sale counted toward, reversing the milestones they fall below. */
  async takeBackReturn(tx: Transaction, returned: ReturnedUnits): Promise<void> {
    const remaining = await this.assignments.subtractReturn(tx.manager, returned.assignment_ids, returned.quantity, returned.revenue);
    await this.milestones.reverseLost(tx, remaining, returned);
  }
}
