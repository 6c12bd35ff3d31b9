export * from './config';
export * from './tokens';
export * from './broker';
export * from './transactions';
export * from './health';
export * from './service-runtime.module';
export * from './service-app';
