import type { RecordedEvent } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { canonicalJson, checkpointMessage, eventHash } from './hashing.js';
import { checkpointSignatureValid, parseSigningKey } from './signing-key.js';
import * as offline from './verifier/audit-verify.mjs';

const event: RecordedEvent = {
  id: '0b6c3f1e-6a43-4f59-9b0e-2f4f1b0c9d11',
  type: 'InteractionRecorded',
  schemaVersion: 2,
  streamId: 'customer-C-1',
  revision: 3,
  globalPosition: '18446744073709551615',
  occurredAt: '2025-06-30T10:15:00+08:00',
  recordedAt: '2025-06-30T02:15:00.123Z',
  correlationId: 'req-1',
  causationId: null,
  actor: { kind: 'api-key', id: 'key-1', role: 'integrator' },
  traceparent: null,
  data: { customerId: 'C-1', note: 'ctp:v1:k1:…密文', nested: { z: 1, a: [1.5, 'x', null, { b: true, a: false }] } },
};

describe('audit hashing', () => {
  it('writes one canonical text per value: keys sorted at every level, no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: 'é' } })).toBe('{"a":{"c":"é","d":[2,{"x":0,"y":1}]},"b":1}');
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it('gives the sealer and the plain-Node offline verifier the same event hash', () => {
    for (const previous of [null, 'ab'.repeat(32)]) {
      expect(offline.eventHash(event as unknown as Record<string, unknown>, previous)).toBe(eventHash(event, previous));
      expect(offline.canonicalJson(event)).toBe(canonicalJson(event));
    }
  });

  it('changes the hash with any field of the envelope, the data or the previous hash', () => {
    const base = eventHash(event, null);
    const changed: Partial<RecordedEvent>[] = [{ id: '0b6c3f1e-6a43-4f59-9b0e-2f4f1b0c9d12' }, { revision: 4 }, { globalPosition: '7' }, { recordedAt: '2025-06-30T02:15:00.124Z' }, { actor: { kind: 'api-key', id: 'key-2', role: 'integrator' } }, { causationId: 'x' }, { data: { ...(event.data as object), note: 'other' } }];
    for (const change of changed) expect(eventHash({ ...event, ...change }, null)).not.toBe(base);
    expect(eventHash(event, '00')).not.toBe(base);
  });

  it('signs checkpoints with Ed25519 under a key id that changes with the key', () => {
    const key = parseSigningKey(Buffer.alloc(32, 7).toString('base64'));
    const other = parseSigningKey(Buffer.alloc(32, 8).toString('base64'));
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(other.keyId).not.toBe(key.keyId);
    const content = { position: '42', seq: 42, feedHash: 'f'.repeat(64), at: '2026-01-01T00:00:00.000Z', keyId: key.keyId };
    const signed = { ...content, signature: key.sign(content) };
    expect(checkpointSignatureValid(signed, key.publicKeyPem)).toBe(true);
    expect(checkpointSignatureValid(signed, other.publicKeyPem)).toBe(false);
    expect(checkpointSignatureValid({ ...signed, seq: 43 }, key.publicKeyPem)).toBe(false);
    expect(checkpointMessage(content)).toContain('"format":"ctp-audit-checkpoint/1"');
  });

  it('refuses a signing key that is neither a 32-byte seed nor an Ed25519 PEM', () => {
    expect(() => parseSigningKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
