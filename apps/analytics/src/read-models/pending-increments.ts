import Decimal from 'decimal.js';
import type { Increment } from './increments';

export interface AggregateRow {
  key: Record<string, unknown>;
  increments: Record<string, Increment>;
}

/** A column's sum while a transaction adds to it: money stays a Decimal until it is written. */
type Sum = Increment | Decimal;

interface PendingRow {
  key: Record<string, unknown>;
  sums: Record<string, Sum>;
}

/**
 * The increments a transaction makes to one aggregate table, summed per row: a batch of events
 * that adds to the same platform total, day or partner a hundred times writes it once. Money is
 * summed as Decimals and turned into text once per row and column (a chunk of a file adds to one
 * partner's row thousands of times).
 */
export class PendingIncrements {
  private readonly rows = new Map<string, PendingRow>();

  constructor(private readonly keyColumns: readonly string[]) {}

  add(key: Record<string, unknown>, increments: Record<string, Increment>): void {
    const id = JSON.stringify(this.keyColumns.map((c) => key[c]));
    const row = this.rows.get(id);
    if (!row) {
      this.rows.set(id, { key, sums: { ...increments } });
      return;
    }
    for (const [column, value] of Object.entries(increments)) row.sums[column] = sum(row.sums[column], value);
  }

  /** The summed rows in key order, so concurrent writers lock rows in the same order. */
  sortedRows(): AggregateRow[] {
    return [...this.rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => ({ key: row.key, increments: Object.fromEntries(Object.entries(row.sums).map(([column, value]) => [column, written(value)])) }));
  }
}

function sum(a: Sum | undefined, b: Increment): Sum {
  if (a === undefined) return b;
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  return (a instanceof Decimal ? a : new Decimal(a)).plus(b);
}

function written(value: Sum): Increment {
  return value instanceof Decimal ? value.toFixed() : value;
}
