// The commission arithmetic, shared so the sale's response and the ledger line come from one rule:
// fulfillment applies it to answer a sale at once, the ledger applies it to the same facts to book it.
export * from './commission-rules';
export * from './budget-rules';
export * from './booking-status';
