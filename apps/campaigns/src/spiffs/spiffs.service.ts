import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Events, todayUtc, ErrorCode } from '@spiffworks/contracts';
import type { Actor, CreateSpiffCommand, Page, SpiffView, UpdateSpiffCommand } from '@spiffworks/contracts';
import type { Transaction } from '@spiffworks/runtime';
import { ServiceFailure } from '@spiffworks/messaging';
import { numberToDecimal } from '@spiffworks/persistence';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest } from '@spiffworks/runtime';
import { ProductsService } from '../products/products.service';
import { toSpiffSnapshot, toSpiffView } from './spiff.entity';
import type { Spiff } from './spiff.entity';
import { SpiffsRepository } from './spiffs.repository';
import { checkSpiffGrowth, checkSpiffTerms } from './spiff-terms';

@Injectable()
export class SpiffsService {
  constructor(
    private readonly spiffs: SpiffsRepository,
    private readonly transactions: Transactions,
    private readonly products: ProductsService,
  ) {}

  /**
   * Creates an active spiff and publishes `spiff.created`, from which fulfillment assigns every
   * targeted partner. Partner ids are checked by the gateway against the partners service.
   */
  async create(command: CreateSpiffCommand, actor: Actor, idempotency?: IdempotentRequest): Promise<SpiffView> {
    const termErrors = checkSpiffTerms(command);
    if (termErrors.length) throw ServiceFailure.invalid(termErrors);
    const missing = await this.products.findMissing(command.target_products);
    if (missing.length) {
      throw ServiceFailure.invalid([{ field: 'target_products', reason: `names unknown products: ${missing.join(', ')}` }]);
    }
    return this.transactions.run(async (tx) => {
      const saved = await this.spiffs.insert(tx.manager, {
        id: randomUUID(),
        name: command.name.trim(),
        description: command.description ?? null,
        target_products: [...new Set(command.target_products)],
        assignment_type: command.assignment_type,
        target_tiers: command.assignment_type === 'tier' ? [...new Set(command.target_tiers)] : [],
        target_partners: command.assignment_type === 'individual' ? [...new Set(command.target_partners)] : [],
        incentive_amount: numberToDecimal(command.incentive_amount),
        incentive_type: command.incentive_type,
        start_date: command.start_date,
        end_date: command.end_date,
        status: 'active',
        cancelled_on: null,
        milestones: command.milestones ?? [],
        proof_required: command.proof_required ?? false,
        created_by: actor.user_id,
      });
      tx.publish(Events.SpiffCreated, toSpiffSnapshot(saved));
      return toSpiffView(saved);
    }, { idempotency });
  }

  /** Cancels a running spiff: its assignments close, and sales dated after today earn no bonus from it. */
  cancel(id: string): Promise<SpiffView> {
    return this.transactions.run(async (tx) => {
      const spiff = await this.lockRunning(tx, id);
      await this.spiffs.cancel(tx.manager, id, todayUtc());
      return this.publishChange(tx, spiff.id, Events.SpiffCancelled);
    });
  }

  /** Extends the period, adds products or targets (never removes them); see `checkSpiffGrowth`. */
  async update(command: UpdateSpiffCommand): Promise<SpiffView> {
    if (command.target_products?.length) {
      const missing = await this.products.findMissing(command.target_products);
      if (missing.length) throw ServiceFailure.invalid([{ field: 'target_products', reason: `names unknown products: ${missing.join(', ')}` }]);
    }
    return this.transactions.run(async (tx) => {
      const spiff = await this.lockRunning(tx, command.id);
      const errors = checkSpiffGrowth(spiff, command);
      if (errors.length) throw ServiceFailure.invalid(errors);
      await this.spiffs.change(tx.manager, spiff.id, {
        name: command.name?.trim() ?? spiff.name,
        description: command.description ?? spiff.description,
        end_date: command.end_date ?? spiff.end_date,
        target_products: command.target_products ? [...new Set(command.target_products)] : spiff.target_products,
        target_tiers: command.target_tiers ? [...new Set(command.target_tiers)] : spiff.target_tiers,
        target_partners: command.target_partners ? [...new Set(command.target_partners)] : spiff.target_partners,
        proof_required: command.proof_required ?? spiff.proof_required,
      });
      return this.publishChange(tx, spiff.id, Events.SpiffUpdated);
    });
  }

  private async lockRunning(tx: Transaction, id: string): Promise<Spiff> {
    const spiff = await this.spiffs.findForUpdate(tx.manager, id);
    if (!spiff) throw ServiceFailure.notFound(ErrorCode.SPIFF_NOT_FOUND, 'spiff', id);
    if (spiff.status === 'cancelled') throw new ServiceFailure(ErrorCode.SPIFF_CANCELLED, `spiff ${id} was cancelled on ${spiff.cancelled_on}`);
    return spiff;
  }

  private async publishChange(tx: Transaction, id: string, type: typeof Events.SpiffUpdated | typeof Events.SpiffCancelled): Promise<SpiffView> {
    const saved = await this.spiffs.get(tx.manager, id);
    tx.publish(type, toSpiffSnapshot(saved));
    return toSpiffView(saved);
  }

  async get(id: string): Promise<SpiffView> {
    const spiff = await this.spiffs.findById(id);
    if (!spiff) throw ServiceFailure.notFound(ErrorCode.SPIFF_NOT_FOUND, 'spiff', id);
    return toSpiffView(spiff);
  }

  async list(page: number, pageSize: number): Promise<Page<SpiffView>> {
    const [rows, total] = await this.spiffs.page(page, pageSize);
    return { items: rows.map(toSpiffView), total, page, page_size: pageSize };
  }
}
