import { randomBytes } from 'node:crypto';

/** A fresh name per test (stream, topic, collection, schema) so tests never share state. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}
