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
    files: ['services/*/src/**/*.ts', 'packages/*/src/**/*.ts'],
    ignores: [
      // Tests and their support may read the real clock.
      '**/*.test.ts',
      '**/test-support/**',
      // Where the real clock is made: a service's main.ts, and the kit's clock every service takes from its setup parts.
      'services/*/src/main.ts',
      'packages/service-kit/src/config/clock.ts',
      // Test tooling: starting and awaiting processes, and the event-store contract suite run by each store's tests.
      'packages/test-kit/**',
      'packages/event-store/src/contract/**',
      // Measuring elapsed time is what benchmarks do.
      'packages/benchmarks/**',
      // An operator's command-line tool, not request handling: progress timestamps, elapsed time, Retry-After.
      'packages/importer/**',
      // Load on a running system is sent now, at a real rate.
      'packages/load-generator/**',
      // Infrastructure defaults: the process clock when a caller injects none, and real-time sleeps of the worker.
      'packages/timers/src/timer-worker.ts',
      'packages/timers/src/timer-store.ts',
      'packages/projections/src/runtime/projection-runtime.ts',
      'packages/event-bus/src/reactor.ts',
      'packages/projections/src/storage/version-pointer.ts',
      // Deadlines of real waits (how long to keep polling), not business time.
      'packages/projections/src/progress/position-waiter.ts',
      'packages/projections/src/rebuild/rebuild.ts',
      'packages/service-kit/src/auth/dev-keys.ts',
    ],
    rules: { 'no-restricted-syntax': ['error', ...wallClock] },
  },
  {
    files: ['**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: drivers.map((name) => ({ name, message: driverMessage })), patterns: [{ group: drivers.map((name) => `${name}/*`), message: driverMessage }] }],
    },
  },
);
