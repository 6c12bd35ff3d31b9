import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiDocument } from './document';

/** The gateway's API document as checked in for the portal (the drift test keeps it equal to the served one). */
export function checkedInDocument(): ApiDocument {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'web', 'src', 'api', 'openapi.json'), 'utf8')) as ApiDocument;
}
