export * from './database';
export * from './data-source';
export * from './money';
export * from './test-namespace';
export * from './text-rows';
export * from './object-store';
export * from './stored-objects-table';
export * from './page-of';
