import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Time and chance arrive injected (the service's clock), so handlers, routes and deciders are deterministic under test. */
const wallClock = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Date.now() reads the wall clock: take the injected clock from the service dependencies.' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads the wall clock: take the injected clock from the service dependencies.' },
  { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Math.random() is not reproducible: take randomness as an injected dependency.' },
];

const driverMessage = 'The domain does no I/O: drivers are used by adapters, routes and reactions, outside domain/.';
const drivers = ['kafkajs', 'mongodb', 'pg', '@eventstore/db-client', 'fastify'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['services/*/src/**/*.ts'],
    // main.ts creates the real clock; tests and their support may read it.
    ignores: ['services/*/src/main.ts', '**/*.test.ts', '**/test-support/**'],
    rules: { 'no-restricted-syntax': ['error', ...wallClock] },
  },
  {
    files: ['**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: drivers.map((name) => ({ name, message: driverMessage })), patterns: [{ group: drivers.map((name) => `${name}/*`), message: driverMessage }] }],
    },
  },
);
