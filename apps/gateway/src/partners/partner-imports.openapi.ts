import { IMPORT_APPEND_ROWS, IMPORT_LISTED_ERRORS, PARTNER_IMPORT_COLUMNS, PARTNER_IMPORT_STATUSES, csvRow } from '@spiffworks/contracts';
import { IMPORT_ERRORS_COLUMNS } from '../imports/import-errors-file';
import { importLimitsText, importRequestBody } from '../imports/import.openapi';
import { INVITE_LINK_COLUMNS } from './partner-invites-file';

const count = (n: number): string => n.toLocaleString('en-US');
const HEADER = [...PARTNER_IMPORT_COLUMNS, 'password'];

/** Two partners, both invited (a file with the optional `password` column gives a row its own password instead). */
export const PARTNER_IMPORT_CSV_EXAMPLE =
  `${PARTNER_IMPORT_COLUMNS.join(',')}\n` +
  'TechCorp Partners Inc.,gold,sales@techcorp.example,approved\n' +
  'Northwind Resellers,silver,partners@northwind.example,pending\n';

export const PARTNER_IMPORT_ERRORS_CSV_EXAMPLE =
  `${csvRow([...IMPORT_ERRORS_COLUMNS, ...HEADER])}\n` +
  `${csvRow([3, 'tier', 'must be one of the following values: bronze, silver, gold, platinum', 'Northwind Resellers', 'diamond', 'partners@northwind.example', 'pending', ''])}\n`;

export const PARTNER_INVITES_CSV_EXAMPLE =
  `${INVITE_LINK_COLUMNS.join(',')}\n` +
  '2,TechCorp Partners Inc.,sales@techcorp.example,https://portal.example.com/invite#token=3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,2025-02-07T09:00:00.000Z\n';

export const PARTNER_IMPORT_UPLOAD_DESCRIPTION = [
  'Partners in bulk (admin). The body is streamed (never held whole): `text/csv` (UTF-8), or `multipart/form-data` with the file in the field `file`. ' +
    'The answer is a **202** with `{ import_id, status }` and `Location: /api/partners/imports/{import_id}` once the whole file is in; its partners are then registered in the background: poll that status.',
  `**Columns.** The first row is a header naming every one of ${PARTNER_IMPORT_COLUMNS.map((c) => `\`${c}\``).join(', ')}, in any order, and optionally \`password\` ` +
    '(names compare case-insensitively after trimming; `name,tier,contact_email,status,password` then `Contoso,bronze,it@contoso.example,approved,contoso-portal-2025`). **Other columns are ignored** (they are kept in errors.csv). A header that misses one is a 400 `IMPORT_FILE_INVALID` naming the missing columns, and nothing is created.',
  '**Rows.** Each row is a partner exactly as `POST /api/partners` registers it, with the same rules (name 1–200 characters, a tier, a contact email; a `password` of 8–128 characters when given), ' +
    `and \`status\` one of ${PARTNER_IMPORT_STATUSES.map((s) => `\`${s}\``).join(', ')} (\`approved\`: as if approved at once, so the running spiffs that target its tier assign it). ` +
    'A contact email a partner or a user already has is a rejected row; of two rows with one email the first wins (the later one names it). A bad row never blocks the others. ' +
    '**Row numbers count the header as row 1**; a blank row is skipped but keeps its number.',
  '**Portal users.** Every accepted row gets a partner user signing in with its contact email. A row without a password (the fast path: no hashing at all) gets an **invite**: ' +
    '`GET /api/partners/imports/{id}/invites.csv` lists each waiting invite with its link, for `INVITE_LINKS_HOURS` (24) after the import finished; the user opens the link and chooses a password ' +
    '(`POST /api/auth/invites/accept`) within `INVITE_TTL_HOURS` (7 days). A row with a password has it hashed (bcrypt, as `POST /api/partners`) by the partners service off the request path; ' +
    'the password is never stored readable and errors.csv leaves its cell empty.',
  importLimitsText('the partners service', IMPORT_APPEND_ROWS),
  `**Status.** \`GET /api/partners/imports/{id}\` (the first ${count(IMPORT_LISTED_ERRORS)} rejected rows), \`GET /api/partners/imports/{id}/errors.csv\` (every one, as it was in the file). ` +
    'With an `Idempotency-Key`, uploading again answers the same import; uploading the same file again without one registers nothing twice (every row is a taken email).',
  '```\n' +
    'curl -X POST "$API/api/partners/imports" -H "Authorization: Bearer $TOKEN" \\\n' +
    '  -H "Content-Type: text/csv" -H "Idempotency-Key: $(uuidgen)" --data-binary @partners.csv\n' +
    '```',
].join('\n\n');

export const PARTNER_IMPORT_REQUEST_BODY = importRequestBody(PARTNER_IMPORT_COLUMNS, { summary: 'Two partners, both invited', value: PARTNER_IMPORT_CSV_EXAMPLE });
