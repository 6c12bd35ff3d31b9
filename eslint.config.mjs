// @ts-check
/**
 * Flat ESLint config for the SpiffWorks monorepo.
 *
 * - typescript-eslint `recommended` (syntax only, no type information: keeps `npm run lint` fast;
 *   `npm run typecheck` covers the type-level checks).
 * - eslint-config-prettier last among the rule sets: formatting is never a lint concern.
 * - @nx/enforce-module-boundaries: the dependency rules between apps and libs, driven by the
 *   `tags` in each project.json.
 */
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier/flat';
import nx from '@nx/eslint-plugin';
import { createProjectGraphAsync } from '@nx/devkit';
import reactHooks from 'eslint-plugin-react-hooks';

// @nx/enforce-module-boundaries only reads the *cached* project graph (.nx/workspace-data). A plain
// `eslint .` (no `nx lint`) on a fresh checkout has no cache, and the rule then merely prints a warning
// and checks nothing. Compute (or incrementally refresh) the graph here, in-process: nx.json sets
// `useDaemonProcess: false`, so this never starts the Nx daemon.
await createProjectGraphAsync({ exitOnError: true });

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/coverage/',
    '.nx/',
    'tmp/',
    'bench/results/',
  ]),

  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommended],
    plugins: { '@nx': nx },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
          ],
        },
      ],
    },
  },

  // The portal (apps/web, React): the rules of hooks on its components and hooks.
  {
    files: ['apps/web/**/*.tsx', 'apps/web/**/*.ts'],
    extends: [reactHooks.configs.flat.recommended],
  },
  // Generated from the gateway's OpenAPI document (npm run web:api): never edited by hand.
  globalIgnores(['apps/web/src/api/schema.d.ts']),

  // Tests, plus code that only ever runs under jest: the shared test harness (libs/testing) and the
  // e2e suite's helpers. Loose typing of HTTP/RPC response bodies is deliberate there.
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**/*.ts', 'apps/e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },

  prettier,
);
