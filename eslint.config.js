// Lint: type-aware TypeScript rules plus STYLE.md's import rules as boundaries and a cycle check.
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ['error', { patterns }];

const serverFromApp = {
  group: ['@/server/*', '!@/server/contracts', '!@/server/contracts/*'],
  message: 'app/ reaches the server only through app/_trpc, route adapters and server/contracts (STYLE.md rule 1).',
};
const prismaOutsideDb = {
  group: ['@prisma/*', '.prisma/*'],
  message: 'Only server/db/** imports Prisma (STYLE.md rule 4).',
};
const frameworkInCore = {
  group: ['next', 'next/*', 'next-auth', 'next-auth/*', 'react', 'react/*', 'react-dom', '@trpc/*', '@/server/api/*', '**/api/*'],
  message: 'domain, authz, stats, contracts and jobs stay framework-free (STYLE.md rule 3).',
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.next/**', '.concord/**', '.concord-*/**', 'next-env.d.ts', 'e2e/.artifacts/**', 'test-results/**', 'playwright-report/**', 'public/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-imports': restrict([prismaOutsideDb]),
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.test.ts', 'e2e/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  {
    files: ['app/**'],
    ignores: ['app/_trpc/**', 'app/api/**/route.ts', 'app/dicomweb/**/route.ts'],
    rules: { 'no-restricted-imports': restrict([prismaOutsideDb, serverFromApp]) },
  },
  {
    files: ['app/_viewer/**'],
    rules: {
      'no-restricted-imports': restrict([
        prismaOutsideDb,
        serverFromApp,
        { group: ['@/app/_trpc/*', '@/app/_features/*', '**/_trpc/*', '**/_features/*', 'next', 'next/*'], message: 'The viewer gets data and callbacks through props (STYLE.md rule 2).' },
      ]),
    },
  },
  {
    files: ['server/domain/**', 'server/authz/**', 'server/contracts/**', 'server/jobs/**'],
    rules: { 'no-restricted-imports': restrict([prismaOutsideDb, frameworkInCore]) },
  },
  {
    files: ['server/stats/**'],
    ignores: ['server/stats/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict([{ regex: '^(?!\\.{1,2}/)', message: 'server/stats imports nothing but itself (STYLE.md rule 5).' }]),
    },
  },
  {
    files: ['server/realtime/**', 'workers/**'],
    rules: {
      'no-restricted-imports': restrict([prismaOutsideDb, { group: ['@/server/api/*', '**/server/api/*', '@/app/*', '**/app/*'], message: 'realtime and workers reuse domain and authz, never server/api or app (STYLE.md rule 6).' }]),
    },
  },
  {
    files: ['server/db/**', 'prisma.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
