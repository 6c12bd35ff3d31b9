export * from './database';
export * from './data-source';
export * from './money';
export * from './text-rows';
