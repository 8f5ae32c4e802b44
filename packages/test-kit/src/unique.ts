import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** Without the global setup (unit tests) nothing is dropped at the end, so any mark will do. */
const fallbackRun = Date.now().toString(36);

/**
 * A fresh name per test (stream, topic, collection, schema) so tests never share state. It carries the
 * test run's mark (`<prefix>_<run>_<random>`): the run's teardown drops every schema, database, topic
 * and group so named.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}_${inject('ctpTestRun') ?? fallbackRun}_${randomBytes(4).toString('hex')}`;
}
