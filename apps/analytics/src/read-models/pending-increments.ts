import Decimal from 'decimal.js';
import type { Increment } from './increments';

export interface AggregateRow {
  key: Record<string, unknown>;
  increments: Record<string, Increment>;
}

/**
 * The increments a transaction makes to one aggregate table, summed per row: a batch of events
 * that adds to the same platform total, day or partner a hundred times writes it once.
 */
export class PendingIncrements {
  private readonly rows = new Map<string, AggregateRow>();

  constructor(private readonly keyColumns: readonly string[]) {}

  add(key: Record<string, unknown>, increments: Record<string, Increment>): void {
    const id = JSON.stringify(this.keyColumns.map((c) => key[c]));
    const row = this.rows.get(id);
    if (!row) {
      this.rows.set(id, { key, increments: { ...increments } });
      return;
    }
    for (const [column, value] of Object.entries(increments)) row.increments[column] = sum(row.increments[column], value);
  }

  /** The summed rows in key order, so concurrent writers lock rows in the same order. */
  sortedRows(): AggregateRow[] {
    return [...this.rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  }
}

function sum(a: Increment | undefined, b: Increment): Increment {
  if (a === undefined) return b;
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  return new Decimal(a).plus(b).toFixed();
}
