import { WideDecimal } from '@spiffworks/persistence';
import { centsOf, centsText } from './cents';
import type { Increment } from './increments';

export interface AggregateRow {
  key: Record<string, unknown>;
  increments: Record<string, Increment>;
}

/**
 * Money while it sums: whole cents in a safe integer (the amounts events carry have at most two
 * decimals), or a `WideDecimal` once a value has more decimals or the sum outgrows 2^53 cents.
 * Both are exact for the columns' widths; cents only spare a decimal per addition (a chunk of a
 * file adds to one row thousands of times).
 */
class Cents {
  constructor(public value: number) {}
}

/** A column's sum while a transaction adds to it: a counter, the first amount as it came, or a money sum. */
type Sum = Increment | Cents | WideDecimal;

interface PendingRow {
  key: Record<string, unknown>;
  sums: Record<string, Sum>;
}

/**
 * The increments a transaction makes to one aggregate table, summed per row: a batch of events
 * that adds to the same platform total, day or partner a hundred times writes it once. Money is
 * summed exactly (`Cents`, else `WideDecimal`) and turned into text once per row and column.
 */
export class PendingIncrements {
  private readonly rows = new Map<string, PendingRow>();

  constructor(private readonly keyColumns: readonly string[]) {}

  add(key: Record<string, unknown>, increments: Record<string, Increment>): void {
    const id = rowId(this.keyColumns, key);
    const row = this.rows.get(id);
    if (!row) {
      this.rows.set(id, { key, sums: { ...increments } });
      return;
    }
    for (const column in increments) row.sums[column] = sum(row.sums[column], increments[column]);
  }

  /** The summed rows in key order, so concurrent writers lock rows in the same order. */
  sortedRows(): AggregateRow[] {
    return [...this.rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => ({ key: row.key, increments: Object.fromEntries(Object.entries(row.sums).map(([column, value]) => [column, written(value)])) }));
  }
}

/**
 * A row's key as one string, its values joined by NUL: no key value holds one (PostgreSQL text
 * cannot), so distinct keys never meet, and the order of these strings is the lock order. Built
 * for every addition of every event (a chunk of a file adds ~20,000 times): no array, no JSON.
 */
function rowId(columns: readonly string[], key: Record<string, unknown>): string {
  let id = String(key[columns[0]]);
  for (let i = 1; i < columns.length; i++) id += `\u0000${String(key[columns[i]])}`;
  return id;
}

function sum(a: Sum | undefined, b: Increment): Sum {
  if (a === undefined) return b;
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof b === 'string') {
    const acc = typeof a === 'string' ? asCents(a) : a;
    const add = acc instanceof Cents ? centsOf(b) : null;
    if (acc instanceof Cents && add !== null && Number.isSafeInteger(acc.value + add)) {
      acc.value += add;
      return acc;
    }
  }
  return decimalOf(a).plus(b);
}

function asCents(amount: string): Cents | string {
  const cents = centsOf(amount);
  return cents === null ? amount : new Cents(cents);
}

function decimalOf(value: Sum): WideDecimal {
  if (value instanceof WideDecimal) return value;
  return value instanceof Cents ? new WideDecimal(value.value).dividedBy(100) : new WideDecimal(value);
}

function written(value: Sum): Increment {
  if (value instanceof Cents) return centsText(value.value);
  return value instanceof WideDecimal ? value.toFixed() : value;
}
