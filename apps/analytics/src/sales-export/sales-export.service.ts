import { Injectable } from '@nestjs/common';
import { csvRow } from '@spiffworks/contracts';
import type { SalesExportPage, SalesExportPageQuery } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { SaleFactsRepository } from '../ledger-facts/sale-facts.repository';
import { salesExportQueryErrors } from './sales-export-query';

/** The sales file, a page at a time (see SALES_EXPORT_COLUMNS): the gateway streams the pages. */
@Injectable()
export class SalesExportService {
  constructor(private readonly sales: SaleFactsRepository) {}

  /** The sales after the cursor, by (sale_date, sale_id), as CSV records. */
  async page(query: SalesExportPageQuery): Promise<SalesExportPage> {
    const errors = salesExportQueryErrors(query);
    if (errors.length) throw ServiceFailure.invalid(errors);
    const { after, limit, from, to, partner_id, tier, product_id, spiff_id } = query;
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
