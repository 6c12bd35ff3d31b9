import { Controller } from '@nestjs/common';
import { Events } from '@spiffworks/contracts';
import type { EventEnvelope, PartnerSnapshot, PartnersImportedPayload, ProductSnapshot, SpiffSnapshot } from '@spiffworks/contracts';
import { OnEvent, Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { SpiffFundsService } from '../funds/spiff-funds.service';
import { ReplicasService } from '../replicas/replicas.service';
import { SpiffAssignmentsService } from './spiff-assignments.service';

/**
 * Translates the events fulfillment consumes into service calls. The assignment services take the
 * whole envelope: they also read when the event occurred.
 */
@Controller()
export class CampaignEventsHandler {
  constructor(
    readonly transactions: Transactions,
    private readonly spiffAssignments: SpiffAssignmentsService,
    private readonly replicas: ReplicasService,
    private readonly funds: SpiffFundsService,
  ) {}

  @OnEvent(Events.SpiffCreated)
  async assignPartnersToSpiff(_spiff: SpiffSnapshot, tx: Transaction, event: EventEnvelope<SpiffSnapshot>): Promise<void> {
    await this.spiffAssignments.assignPartnersToSpiff(tx, event);
    // Last: the fund's row lock comes after the assignments', as on the sale path.
    await this.funds.applyTerms(tx.manager, event.payload);
  }

  @OnEvent(Events.SpiffUpdated)
  async applySpiffUpdate(_spiff: SpiffSnapshot, tx: Transaction, event: EventEnvelope<SpiffSnapshot>): Promise<void> {
    await this.spiffAssignments.applySpiffUpdate(tx, event);
    await this.funds.applyTerms(tx.manager, event.payload);
  }

  @OnEvent(Events.SpiffCancelled)
  async closeSpiffAssignments(_spiff: SpiffSnapshot, tx: Transaction, event: EventEnvelope<SpiffSnapshot>): Promise<void> {
    await this.spiffAssignments.closeSpiffAssignments(tx, event);
  }

  @OnEvent([Events.PartnerRegistered, Events.PartnerApproved, Events.PartnerUpdated])
  async assignSpiffsToPartner(_partner: PartnerSnapshot, tx: Transaction, event: EventEnvelope<PartnerSnapshot>): Promise<void> {
    await this.spiffAssignments.assignSpiffsToPartner(tx, event);
  }

  @OnEvent(Events.PartnersImported)
  async assignSpiffsToImportedPartners(imported: PartnersImportedPayload, tx: Transaction, event: EventEnvelope<PartnersImportedPayload>): Promise<void> {
    await this.spiffAssignments.assignSpiffsToPartners(tx, imported.partners, event.occurred_at);
  }

  @OnEvent(Events.ProductCreated)
  upsertProduct(product: ProductSnapshot, tx: Transaction): Promise<void> {
    return this.replicas.upsertProduct(tx.manager, product);
  }
}
