import { createHash } from 'node:crypto';

const namespace = Buffer.from('4f0e6d2a9c1b4b7e8a3d5c6f7e8d9a0b', 'hex');

/** A name-based UUID (version 5): the same names always give the same id, so a re-import is idempotent. */
export function nameUuid(names: readonly string[]): string {
  const hash = createHash('sha1').update(namespace).update(names.join('\u001f')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
