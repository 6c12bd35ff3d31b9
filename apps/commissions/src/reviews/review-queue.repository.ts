import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListReviewsQuery } from '@spiffworks/contracts';
import { CommissionLine } from '../ledger/commission-line.entity';
import { pageOf } from '@spiffworks/persistence';

/** The lines awaiting review, oldest first (a queue), filtered by spiff, partner and age. */
@Injectable()
export class ReviewQueueRepository {
  constructor(private readonly dataSource: DataSource) {}

  page(query: ListReviewsQuery): Promise<[CommissionLine[], number]> {
    const qb = this.dataSource.getRepository(CommissionLine).createQueryBuilder('l')
      .where('l.status = :status', { status: query.status ?? 'awaiting_review' })
      .orderBy('l.created_at', 'ASC').addOrderBy('l.id', 'ASC');
    if (query.partner_id) qb.andWhere('l.partner_id = :partner', { partner: query.partner_id });
    if (query.spiff_id) qb.andWhere(':spiff = ANY(l.spiff_ids)', { spiff: query.spiff_id });
    if (query.min_age_days) qb.andWhere(`l.created_at <= now() - make_interval(days => :days)`, { days: query.min_age_days });
    return pageOf(qb, query.page, query.page_size);
  }
}
