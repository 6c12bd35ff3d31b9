import { Injectable } from '@nestjs/common';
import { ErrorCode, csvRow } from '@spiffworks/contracts';
import type { Actor, SalesExportPage, SalesExportPageQuery } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { SaleFactsRepository } from '../ledger-facts/sale-facts.repository';
import { salesExportQueryErrors } from './sales-export-query';

/** The sales file, a page at a time (see SALES_EXPORT_COLUMNS): the gateway streams the pages. */
@Injectable()
export class SalesExportService {
  constructor(private readonly sales: SaleFactsRepository) {}

  /** The sales after the cursor, by (sale_date, sale_id), as CSV records; a partner user's own sales only, whatever it asks. */
  async page(query: SalesExportPageQuery, actor: Actor): Promise<SalesExportPage> {
    const errors = salesExportQueryErrors(query);
    if (errors.length) throw ServiceFailure.invalid(errors);
    const { after, limit, from, to, tier, product_id, spiff_id } = query;
    const partner_id = actor.role === 'partner' ? ownPartner(actor) : query.partner_id;
    let csv = '';
    let rows = 0;
    // Every cell through csvCell: formulas neutralized (a partner or product name is anyone's text), quotes and line breaks quoted.
    const last = await this.sales.exportPage({ from, to, partner_id, tier, product_id, spiff_id }, after, limit, (cells) => {
      csv += `${csvRow(cells)}\n`;
      rows += 1;
    });
    return { csv, rows, next: rows === limit ? last : null };
  }
}

function ownPartner(actor: Actor): string {
  if (!actor.partner_id) throw new ServiceFailure(ErrorCode.PARTNER_USER_REQUIRED, 'this action needs a partner user');
  return actor.partner_id;
}
