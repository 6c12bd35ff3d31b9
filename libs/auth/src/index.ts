export * from './decorators';
export * from './token';
export * from './access.guard';
export * from './account-access';
