import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports only (STYLE.md).' },
      ],
    },
  },
  {
    // Detectors are pure: no clock, no randomness, no I/O (STYLE.md "Detectors are pure").
    files: ['detectors/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Detectors never read the clock; time comes from the window.' },
        { object: 'Math', property: 'random', message: 'Detectors are deterministic.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: ['kafkajs', 'ioredis', 'pino', 'prom-client', 'fastify', 'node:*', '../src/*/!(domain)*'] },
      ],
    },
  },
  { files: ['eslint.config.js', 'vitest.config.ts'], rules: { 'no-restricted-syntax': 'off' } },
);
