export * from './namespace';
export * from './polling';
export * from './broker';
export * from './database';
export * from './rpc';
export * from './platform-processes';
export * from './http-client';
export * from './service-harness';
