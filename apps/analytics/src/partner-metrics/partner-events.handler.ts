import { Controller } from '@nestjs/common';
import { Events } from '@spiffworks/contracts';
import type { AssignmentsClosedPayload, AssignmentsCreatedPayload, PartnerSnapshot, PartnersImportedPayload } from '@spiffworks/contracts';
import { OnEvent, Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { PartnerMetricsService } from './partner-metrics.service';

@Controller()
export class PartnerEventsHandler {
  constructor(
    readonly transactions: Transactions,
    private readonly metrics: PartnerMetricsService,
  ) {}

  @OnEvent([Events.PartnerRegistered, Events.PartnerApproved, Events.PartnerUpdated])
  recordPartner(partner: PartnerSnapshot, tx: Transaction): Promise<void> {
    return this.metrics.recordPartners(tx.manager, [partner]);
  }

  @OnEvent(Events.PartnersImported)
  recordImportedPartners(imported: PartnersImportedPayload, tx: Transaction): Promise<void> {
    return this.metrics.recordPartners(tx.manager, imported.partners);
  }

  @OnEvent(Events.AssignmentsCreated)
  recordAssignments(created: AssignmentsCreatedPayload, tx: Transaction): Promise<void> {
    return this.metrics.recordAssignments(tx.manager, created);
  }

  @OnEvent(Events.AssignmentsClosed)
  recordClosedAssignments(closed: AssignmentsClosedPayload, tx: Transaction): Promise<void> {
    return this.metrics.recordClosedAssignments(tx.manager, closed);
  }
}
