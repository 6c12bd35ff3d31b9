/**
 * Three projects, run separately by scripts/test.sh:
 * - unit: pure rules, no I/O (`*.spec.ts`);
 * - integration: one service in-process against the real PostgreSQL and RabbitMQ (`*.int-spec.ts`);
 * - e2e: every service as its own process, driven over HTTP through the gateway (`*.e2e-spec.ts`);
 * - chaos: ≥ 10,000 sales while services are SIGKILLed and a private RabbitMQ and PostgreSQL restart (`*.chaos-spec.ts`).
 * Nest 12 ships ES modules, so @swc/jest also transforms the @nestjs packages to CommonJS.
 */
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  moduleNameMapper: { '^@spiffworks/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts' },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // Integration and e2e tests wait on real services; the unit tests finish in milliseconds anyway.
  testTimeout: 120_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/apps/e2e/**/*.e2e-spec.ts'] },
    { ...shared, displayName: 'chaos', testMatch: ['<rootDir>/apps/e2e/**/*.chaos-spec.ts'] },
  ],
};
