import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { Events, ErrorCode } from '@spiffworks/contracts';
import type { Actor, ReturnSaleCommand, SaleReturnView, SaleReturnedPayload } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { decimalToNumber } from '@spiffworks/persistence';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest } from '@spiffworks/runtime';
import { SpiffFundsService } from '../funds/spiff-funds.service';
import { SaleCoverage } from './sale-coverage';
import { SaleReturnsRepository } from './sale-returns.repository';
import { SalesRepository } from './sales.repository';

/**
 * Returns take units back from a sale: never more than were sold, and the progress of the
 * assignments the sale counted toward goes down with them. The ledger books the clawback from
 * `sale.returned`; a milestone the progress falls back below is reversed (`milestone.reversed`).
 */
@Injectable()
export class SaleReturnsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly sales: SalesRepository,
    private readonly returns: SaleReturnsRepository,
    private readonly coverage: SaleCoverage,
    private readonly funds: SpiffFundsService,
  ) {}

  returnSale(command: ReturnSaleCommand, actor: Actor, idempotency?: IdempotentRequest): Promise<SaleReturnView> {
    return this.transactions.run(async (tx) => {
      const sale = await this.sales.lockForReturn(tx.manager, command.sale_id);
      // Another partner's sale answers like a missing one: its existence is not theirs to learn.
      if (!sale || (actor.role === 'partner' && sale.partner_id !== actor.partner_id)) throw ServiceFailure.notFound(ErrorCode.SALE_NOT_FOUND, 'sale', command.sale_id);
      const remaining = sale.quantity - sale.returned_quantity;
      if (command.quantity > remaining) {
        throw new ServiceFailure(ErrorCode.RETURN_EXCEEDS_SOLD, `cannot return ${command.quantity} units: ${remaining} of the ${sale.quantity} sold remain`);
      }
      const revenueReturned = new Decimal(sale.unit_price).times(command.quantity).toFixed(2);
      const saleReturn = await this.returns.insert(tx.manager, {
        id: randomUUID(), sale_id: sale.id, quantity: command.quantity, revenue_returned: revenueReturned, reason: command.reason, returned_by: actor.user_id,
      });
      await this.sales.setReturnedQuantity(tx.manager, sale.id, sale.returned_quantity + command.quantity);
      const payload: SaleReturnedPayload = {
        return_id: saleReturn.id, sale_id: sale.id, partner_id: sale.partner_id, product_id: sale.product_id, sale_date: sale.sale_date,
        sold_quantity: sale.quantity, returned_before: sale.returned_quantity, quantity: command.quantity, revenue_returned: revenueReturned,
        reason: command.reason, returned_at: new Date(saleReturn.created_at).toISOString(),
      };
      tx.publish(Events.SaleReturned, payload);
      // After sale.returned, so the outbox announces the return before what it reversed.
      await this.coverage.takeBackReturn(tx, {
        return_id: saleReturn.id, sale_id: sale.id, assignment_ids: sale.assignment_ids, quantity: command.quantity, revenue: revenueReturned,
      });
      // After the assignments (the lock order): the spiff funds get back the bonus share the clawback takes.
      await this.funds.giveBackReturn(tx, sale.id, { sold: sale.quantity, returnedBefore: sale.returned_quantity, returned: command.quantity });
      return {
        id: saleReturn.id, sale_id: sale.id, quantity: command.quantity, revenue_returned: decimalToNumber(revenueReturned),
        reason: command.reason, created_at: payload.returned_at,
      };
    }, { idempotency });
  }
}
