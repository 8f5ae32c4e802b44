import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyringError, PersonalDataIntegrityError } from './errors.js';
import { decryptField, encryptField, fieldAad } from './field-cipher.js';
import { parseMasterKey, unwrapDataKey, wrapDataKey } from './master-key.js';
import { testMasterKey } from './test-support/customer-events.js';
import { formatToken, isToken, parseToken } from './token.js';

const keyId = randomUUID();
const key = randomBytes(32);
const aad = fieldAad('3f1c2b7e-9a4d-4c1e-8f2a-5b6c7d8e9f01', 'address.line1');

describe('field encryption', () => {
  it('round-trips through a self-describing token with a fresh IV each time', () => {
    const first = encryptField(keyId, key, '88 Century Avenue', aad);
    const second = encryptField(keyId, key, '88 Century Avenue', aad);
    expect(first).toMatch(new RegExp(`^enc:v1:${keyId}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{22}$`));
    expect(first).not.toBe(second);
    expect(first).not.toContain('Century');
    expect(decryptField(key, parseToken(first), aad)).toBe('88 Century Avenue');
    expect(decryptField(key, parseToken(encryptField(keyId, key, '', aad)), aad)).toBe('');
  });

  it('fails authentication when ciphertext, tag, IV, key or context change', () => {
    const sealed = parseToken(encryptField(keyId, key, 'Li Wei', aad));
    const flip = (bytes: Buffer) => Buffer.from(bytes.map((byte, index) => (index === 0 ? byte ^ 1 : byte)));
    const attempts = [
      () => decryptField(key, { ...sealed, ciphertext: flip(sealed.ciphertext) }, aad),
      () => decryptField(key, { ...sealed, tag: flip(sealed.tag) }, aad),
      () => decryptField(key, { ...sealed, iv: flip(sealed.iv) }, aad),
      () => decryptField(randomBytes(32), sealed, aad),
      () => decryptField(key, sealed, fieldAad('3f1c2b7e-9a4d-4c1e-8f2a-5b6c7d8e9f01', 'name')),
      () => decryptField(key, sealed, fieldAad(randomUUID(), 'address.line1')),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(PersonalDataIntegrityError);
  });

  it('refuses a truncated tag, which Node accepts unless told the tag length (review finding)', () => {
    const sealed = parseToken(encryptField(keyId, key, 'Li Wei', aad));
    for (const bytes of [4, 8, 12, 15]) {
      expect(() => decryptField(key, { ...sealed, tag: sealed.tag.subarray(0, bytes) }, aad)).toThrow(PersonalDataIntegrityError);
    }
    expect(decryptField(key, sealed, aad)).toBe('Li Wei');
  });

  it('parses only well-formed tokens', () => {
    const token = formatToken({ keyId, iv: randomBytes(12), ciphertext: Buffer.from('x'), tag: randomBytes(16) });
    expect(isToken(token)).toBe(true);
    expect(parseToken(token).keyId).toBe(keyId);
    expect(isToken('Li Wei')).toBe(false);
    for (const bad of ['enc:v1:', `enc:v1:${keyId}:short:AA:BB`, `enc:v2:${keyId}:AAAAAAAAAAAAAAAA::AAAAAAAAAAAAAAAAAAAAAA`]) {
      expect(() => parseToken(bad)).toThrow(PersonalDataIntegrityError);
    }
  });
});

describe('master key', () => {
  it('parses a base64 32-byte key and names it by a fingerprint', () => {
    const encoded = randomBytes(32).toString('base64');
    const master = parseMasterKey(encoded);
    expect(master.key).toHaveLength(32);
    expect(master.id).toMatch(/^[0-9a-f]{16}$/);
    expect(parseMasterKey(encoded).id).toBe(master.id);
  });

  it.each([['too short', randomBytes(16).toString('base64')], ['not base64', '!'.repeat(44)], ['empty', '']])('refuses a key that is %s', (_, value) => {
    expect(() => parseMasterKey(value)).toThrow(/openssl rand -base64 32/);
  });

  it('wraps data keys bound to their customer and key id', () => {
    const master = testMasterKey();
    const wrapped = wrapDataKey(master, key, 'C-1', keyId);
    expect(wrapped).toHaveLength(60);
    expect(unwrapDataKey(master, wrapped, 'C-1', keyId)).toEqual(key);
    expect(() => unwrapDataKey(master, wrapped, 'C-2', keyId)).toThrow(KeyringError);
    expect(() => unwrapDataKey(testMasterKey(), wrapped, 'C-1', keyId)).toThrow(KeyringError);
  });
});
