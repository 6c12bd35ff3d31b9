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
import { SpiffFundsClient } from './spiff-funds.client';
import { SpiffsRepository } from './spiffs.repository';
import { checkBudget, checkSpiffGrowth, checkSpiffTerms } from './spiff-terms';
import Decimal from 'decimal.js';

@Injectable()
export class SpiffsService {
  constructor(
    private readonly spiffs: SpiffsRepository,
    private readonly transactions: Transactions,
    private readonly products: ProductsService,
    private readonly funds: SpiffFundsClient,
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
        budget_amount: command.budget_amount === undefined ? null : numberToDecimal(command.budget_amount),
        per_partner_cap: command.per_partner_cap === undefined ? null : numberToDecimal(command.per_partner_cap),
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
      const fund = await this.changeFund(spiff, command);
      await this.spiffs.change(tx.manager, spiff.id, {
        ...fund,
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

  /**
   * A budget change (the spiff row is locked, so changes of one spiff queue): the fund and cap are
   * checked like on create, the version counts up. A fund or cap that goes down (or a fund given to
   * a spiff that had none) is lowered in fulfillment first, at once: fulfillment refuses it when the
   * sales committed more (BUDGET_BELOW_COMMITTED), and nothing here changes. A raise travels in
   * `spiff.updated` (a late raise never lets a sale overspend).
   */
  private async changeFund(spiff: Spiff, command: UpdateSpiffCommand): Promise<Partial<Spiff>> {
    if (command.budget_amount === undefined && command.per_partner_cap === undefined) return {};
    const budget = command.budget_amount ?? (spiff.budget_amount === null ? null : Number(spiff.budget_amount));
    const cap = command.per_partner_cap ?? (spiff.per_partner_cap === null ? null : Number(spiff.per_partner_cap));
    const errors = checkBudget(budget, cap, budget === null && cap !== null);
    if (errors.length) throw ServiceFailure.invalid(errors);
    const amount = numberToDecimal(budget as number);
    const capAmount = cap === null ? null : numberToDecimal(cap);
    const version = spiff.budget_version + 1;
    const lowered = spiff.budget_amount === null || new Decimal(amount).lessThan(spiff.budget_amount)
      || (capAmount !== null && (spiff.per_partner_cap === null || new Decimal(capAmount).lessThan(spiff.per_partner_cap)));
    if (lowered) await this.funds.lower({ spiff_id: spiff.id, amount, per_partner_cap: capAmount, budget_version: version });
    return { budget_amount: amount, per_partner_cap: capAmount, budget_version: version };
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
