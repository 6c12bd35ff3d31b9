import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PartnerSnapshot, ProductSnapshot, SpiffSnapshot } from '@spiffworks/contracts';
import { CatalogProductsRepository } from './catalog-products.repository';
import { PartnerDirectoryRepository } from './partner-directory.repository';
import { SpiffTermsRepository } from './spiff-terms.repository';

/** Keeps fulfillment's copies of partners, products and spiffs current from their events. */
@Injectable()
export class ReplicasService {
  constructor(
    private readonly partners: PartnerDirectoryRepository,
    private readonly products: CatalogProductsRepository,
    private readonly spiffs: SpiffTermsRepository,
  ) {}

  /** Applies partner snapshots, each unless a newer one is already here; answers the ids it changed. */
  upsertPartners(manager: EntityManager, partners: PartnerSnapshot[]): Promise<Set<string>> {
    return this.partners.upsertMany(manager, partners);
  }

  upsertProduct(manager: EntityManager, p: ProductSnapshot): Promise<void> {
    return this.products.upsert(manager, p);
  }

  /**
   * A spiff only grows (later end, more products and targets) until it is cancelled, for good; so
   * snapshots merge the same whatever order they arrive in.
   */
  upsertSpiff(manager: EntityManager, s: SpiffSnapshot, createdAt: string): Promise<void> {
    return this.spiffs.upsert(manager, s, createdAt);
  }
}
