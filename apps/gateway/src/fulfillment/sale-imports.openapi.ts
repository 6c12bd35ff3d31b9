import { SALE_IMPORT_APPEND_ROWS, SALE_IMPORT_COLUMNS, SALE_IMPORT_LISTED_ERRORS, csvRow } from '@spiffworks/contracts';
import { EXAMPLE } from '../platform/common.responses';
import { IMPORT_ERRORS_COLUMNS } from '../imports/import-errors-file';
import { importRequestBody, importLimitsText } from '../imports/import.openapi';

const count = (n: number): string => n.toLocaleString('en-US');

/** A two-row file of the seed's partner and laptop. */
export const SALE_IMPORT_CSV_EXAMPLE =
  `${SALE_IMPORT_COLUMNS.join(',')}\n` +
  `${EXAMPLE.partnerId},${EXAMPLE.productId},2,1000.00,2025-01-15,INV-2025-0001\n` +
  `${EXAMPLE.partnerId},${EXAMPLE.productId},1,999.50,2025-01-16,INV-2025-0002\n`;

export const IMPORT_ERRORS_CSV_EXAMPLE =
  `${csvRow([...IMPORT_ERRORS_COLUMNS, ...SALE_IMPORT_COLUMNS])}\n` +
  `${csvRow([3, 'quantity', 'must be a whole number written with digits, such as 2', EXAMPLE.partnerId, EXAMPLE.productId, '2.5', '999.50', '2025-01-16', 'INV-2025-0002'])}\n`;

export const SALE_IMPORT_UPLOAD_DESCRIPTION = [
  'Point-of-sale / sell-through files in bulk. The body is streamed (never held whole): send it as `text/csv` (UTF-8), ' +
    'or as `multipart/form-data` with the file in the field `file` (browsers). The answer is a **202** with `{ import_id, status }` ' +
    'and `Location: /api/fulfillment/sales/imports/{import_id}` once the whole file is in; its rows are then booked in the background: poll that status.',
  `**Columns.** The first row is a header naming every one of ${SALE_IMPORT_COLUMNS.map((c) => `\`${c}\``).join(', ')}, in any order ` +
    '(names compare case-insensitively after trimming). **Other columns are ignored** (they are kept in errors.csv). ' +
    'A header that misses one is a 400 `IMPORT_FILE_INVALID` naming the missing columns, and nothing is created.',
  '**Rows.** Each row is a sale exactly as `POST /api/fulfillment/sales` logs it, with the same rules, and `invoice_number` is **required in a file** ' +
    '(invoice numbers deduplicate across files and the API, so uploading a file twice books nothing twice). Cells are trimmed; ' +
    '`quantity` is a whole number written with digits (`2`), `unit_price` digits with an optional decimal point (`1000.50`): `2.5` units, `1e3` or an empty cell are refused. ' +
    'A row that breaks a rule is a rejected row (with its field and reason) and never blocks the others; a partner\'s row for another partner is rejected. ' +
    '**Row numbers count the header as row 1**; a blank row (every cell empty) is skipped but keeps its number.',
  importLimitsText('fulfillment', SALE_IMPORT_APPEND_ROWS),
  `**Status.** \`GET /api/fulfillment/sales/imports/{id}\` (the first ${count(SALE_IMPORT_LISTED_ERRORS)} rejected rows), ` +
    '`GET /api/fulfillment/sales/imports/{id}/errors.csv` (every one, as it was in the file). With an `Idempotency-Key`, uploading again answers the same import.',
  '```\n' +
    'curl -X POST "$API/api/fulfillment/sales/imports" -H "Authorization: Bearer $TOKEN" \\\n' +
    '  -H "Content-Type: text/csv" -H "Idempotency-Key: $(uuidgen)" --data-binary @sales.csv\n' +
    'curl -X POST "$API/api/fulfillment/sales/imports" -H "Authorization: Bearer $TOKEN" -F "file=@sales.csv;type=text/csv"\n' +
    '```',
].join('\n\n');

/** Both media types the upload takes, each with its own schema (the JSON body parser never sees them). */
export const SALE_IMPORT_REQUEST_BODY = importRequestBody(SALE_IMPORT_COLUMNS, { summary: "Two sales of the seed's laptop", value: SALE_IMPORT_CSV_EXAMPLE });
