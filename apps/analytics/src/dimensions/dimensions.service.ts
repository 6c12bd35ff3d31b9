import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DimensionsQuery, DimensionsView, ProductSnapshot } from '@spiffworks/contracts';
import { PartnerSummariesRepository } from '../partner-metrics/partner-summaries.repository';
import { SpiffSummariesRepository } from '../spiff-analytics/spiff-summaries.repository';
import { ProductNamesRepository } from './product-names.repository';

export const DIMENSIONS_DEFAULT_LIMIT = 20;
export const DIMENSIONS_MAX_LIMIT = 50;

/** `%`, `_` and `\` in a search are literal characters, not LIKE wildcards. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The choices of the time-series filters, from analytics' own read models only. */
@Injectable()
export class DimensionsService {
  constructor(
    private readonly partners: PartnerSummariesRepository,
    private readonly products: ProductNamesRepository,
    private readonly spiffs: SpiffSummariesRepository,
  ) {}

  /** `product.created`: the product's name (a later snapshot of the same product replaces it). */
  async recordProduct(manager: EntityManager, product: ProductSnapshot): Promise<void> {
    await this.products.record(manager, product);
  }

  /** By name (case-insensitive), a name containing `search` when given; at most `limit`. */
  async dimensions(query: DimensionsQuery): Promise<DimensionsView> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DIMENSIONS_DEFAULT_LIMIT), 1), DIMENSIONS_MAX_LIMIT);
    const pattern = query.search?.trim() ? likePattern(query.search.trim().toLowerCase()) : null;
    const source = { partner: this.partners, product: this.products, spiff: this.spiffs }[query.kind];
    const items = await source.dimensionItems(pattern, limit);
    return { kind: query.kind, items };
  }
}
