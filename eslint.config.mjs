import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const depConstraints = [
  // Contracts are the wire format: zod only, no framework.
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'],
    bannedExternalImports: ['@nestjs/*', 'bullmq', '@prisma/*', '@tensorflow/*'] },
  // Pure domain logic (metrics, parsing, policies): testable alone.
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
    bannedExternalImports: ['@nestjs/*', 'bullmq', 'ioredis', '@prisma/*', '@tensorflow/*'] },
  { sourceTag: 'type:ml', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
    bannedExternalImports: ['@nestjs/*', 'bullmq', 'ioredis', '@prisma/*'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
    bannedExternalImports: ['@nestjs/*', 'bullmq', '@tensorflow/*'] },
  // Talking to the outside without a framework — LLM provider clients (SDKs, HTTP), child processes
  // (process-kit) — so the services, the CLI, their tests and the tools share them.
  { sourceTag: 'type:integration', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:data-access'],
    bannedExternalImports: ['@nestjs/*', 'bullmq', '@tensorflow/*'] },
  { sourceTag: 'type:nest', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:data-access', 'type:integration'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:ml', 'type:data-access', 'type:nest', 'type:integration'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:ml', 'type:data-access', 'type:integration'] },
  // The dashboard (apps/web): browser code that takes only the contracts' types (no zod at run time).
  { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:contracts'] },
  // Tests of what ships (manifests, compose, image) read the apps' config schemas and routes.
  { sourceTag: 'type:deploy-check', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:data-access', 'type:integration', 'type:nest', 'type:app'] },
];

// The provider lib's tests (and their one shared fixture, not exported by the lib) run the providers
// against the fake LLM server (a tool), in process; its production code may not depend on tools.
// The dashboard's browser tests and bench (Node) start the api and services on a fresh schema.
const webE2eConstraints = depConstraints.map((constraint) =>
  constraint.sourceTag === 'type:web'
    ? { ...constraint, onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:data-access', 'type:integration'] }
    : constraint,
);

const providerSpecConstraints = depConstraints.map((constraint) =>
  constraint.sourceTag === 'type:integration'
    ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:tool'] }
    : constraint,
);

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', 'libs/db/generated/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints,
        },
      ],
    },
  },
  {
    files: ['apps/web/e2e/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: webE2eConstraints }],
    },
  },
  {
    files: ['libs/llm-providers/src/**/*.spec.ts', 'libs/llm-providers/src/testing/fault-case-server.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: providerSpecConstraints }],
    },
  },
];
