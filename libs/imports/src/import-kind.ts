import type { ErrorCode } from '@spiffworks/contracts';

/**
 * What sets one kind of import apart from another (sell-through files in fulfillment, partner
 * files in partners): its two tables, the row column holding what a row says and the one naming
 * what an accepted row became, its error codes and how messages name it. Everything else — the
 * receiving, the statuses, the worker's chunks, errors.csv — is the same mechanism (this library).
 * Table and column names are constants of the code, never input.
 */
export interface ImportKind {
  /** How messages name one import: `sale import` → "sale import 123 not found". */
  noun: string;
  /** The imports' table (`sale_imports`) and their rows' (`sale_import_rows`). */
  table: string;
  rowsTable: string;
  /** The row field of an append, and the rows' jsonb column, carrying what a row says (`sale`). */
  payload: string;
  /** The rows' uuid column naming what an accepted row became (`sale_id`). */
  result: string;
  notFound: ErrorCode;
  notReceiving: ErrorCode;
  /** The worker's log context (`SaleImports`). */
  logContext: string;
}
