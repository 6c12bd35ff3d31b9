/**
 * What a sell-through file must look like, in the portal's words, and the templates it offers.
 * The columns and limits are the server's own (libs/contracts sale-imports.ts).
 */
import { SALE_IMPORT_COLUMNS, csvDocument } from '@spiffworks/contracts';
import type { SaleImportColumn } from '@spiffworks/contracts';

export { formatFileSize, limitsText } from '../imports/file-limits';

export const COLUMN_MEANING: Record<SaleImportColumn, string> = {
  partner_id: 'The partner who sold (its id)',
  product_id: 'The product sold (its id)',
  quantity: 'Units sold, a whole number',
  unit_price: 'Price per unit in USD, e.g. 999.99',
  sale_date: 'YYYY-MM-DD, not in the future',
  invoice_number: 'Required: each invoice counts once, across files and single sales',
};

/** Columns a partner's template adds so each row is readable; the import ignores them. */
const TEMPLATE_EXTRA_COLUMNS = ['product_name', 'sku'] as const;

export interface TemplateProduct {
  id: string;
  name: string;
  sku: string;
}

type Row = Record<SaleImportColumn, string>;
const cellsOf = (row: Row): string[] => SALE_IMPORT_COLUMNS.map((column) => row[column]);

const EXAMPLE_PARTNER = '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70';
const EXAMPLE_PRODUCT = '3b9f1c2e-7a4d-4e8b-9c1f-2d3e4f5a6b7c';

/** Two example rows under the header, as the file's text. */
export function exampleFile(partnerId: string = EXAMPLE_PARTNER, productId: string = EXAMPLE_PRODUCT): string {
  return csvDocument(SALE_IMPORT_COLUMNS, [
    cellsOf({ partner_id: partnerId, product_id: productId, quantity: '2', unit_price: '1000.00', sale_date: '2025-01-15', invoice_number: 'INV-2025-001' }),
    cellsOf({ partner_id: partnerId, product_id: productId, quantity: '1', unit_price: '999.99', sale_date: '2025-01-16', invoice_number: 'INV-2025-002' }),
  ]);
}

/** A partner's template: one row per product it can sell, its own id filled in, the rest to fill. */
export function partnerTemplate(partnerId: string, products: readonly TemplateProduct[]): string {
  const blank = { quantity: '', unit_price: '', sale_date: '', invoice_number: '' };
  const rows = products.length > 0 ? products.map((p) => [...cellsOf({ ...blank, partner_id: partnerId, product_id: p.id }), p.name, p.sku]) : [[...cellsOf({ ...blank, partner_id: partnerId, product_id: '' }), '', '']];
  return csvDocument([...SALE_IMPORT_COLUMNS, ...TEMPLATE_EXTRA_COLUMNS], rows);
}

/** The header alone (an admin's file names a partner per row). */
export function blankTemplate(): string {
  return csvDocument(SALE_IMPORT_COLUMNS, []);
}
