import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // stdout carries the Airbyte protocol, so only the protocol writer may touch it.
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**', 'emulator/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
);
