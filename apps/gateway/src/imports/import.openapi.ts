import { IMPORT_LIMITS } from './import-upload';
import { MAX_HEADER_COLUMNS } from './import-columns';

const count = (n: number): string => n.toLocaleString('en-US');

/** The limits paragraph of an upload's description: the same for every kind of file. */
export function importLimitsText(service: string, appendRows: number): string {
  return `**Limits.** At most ${count(IMPORT_LIMITS.maxBytes / (1024 * 1024))} MB and ${count(IMPORT_LIMITS.maxRows)} rows after the header (413 \`PAYLOAD_TOO_LARGE\` beyond, the import aborted), ` +
    `a row at most ${count(IMPORT_LIMITS.maxRowCharacters)} characters, the header at most ${count(MAX_HEADER_COLUMNS)} columns. A file that is not CSV (say an unclosed quote) is a 400 \`IMPORT_FILE_INVALID\` naming the row, and the import is aborted; ` +
    `so is an upload the client breaks off. The gateway reads the file as ${service} stores it, ` +
    `${count(appendRows)} rows at a time, so a slow store slows the upload down rather than filling memory.`;
}

/** Both media types an upload takes, each with its own schema (the JSON body parser never sees them). */
export function importRequestBody(columns: readonly string[], example: { summary: string; value: string }) {
  return {
    required: true,
    description: `A CSV file whose header names ${columns.join(', ')}.`,
    content: {
      'text/csv': {
        schema: { type: 'string' as const, description: 'The file itself, UTF-8.' },
        examples: { seed: example },
      },
      'multipart/form-data': {
        schema: {
          type: 'object' as const,
          required: ['file'],
          properties: { file: { type: 'string' as const, format: 'binary', description: 'The CSV file (the first part named `file`; other parts are ignored).' } },
        },
        encoding: { file: { contentType: 'text/csv' } },
      },
    },
  };
}
