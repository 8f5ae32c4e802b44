import { PersonalDataIntegrityError } from './errors.js';

/**
 * How an encrypted personal field is stored: a string in place of the plaintext,
 * `enc:v1:<key id>:<iv>:<ciphertext>:<tag>` with base64url parts (96-bit IV, 128-bit GCM tag).
 * A string keeps the field's JSON type, so stored events keep their shape.
 */
export interface SealedField {
  readonly keyId: string;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

const prefix = 'enc:v1:';
const pattern = /^enc:v1:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]*):([A-Za-z0-9_-]{22})$/;

export function isToken(value: string): boolean {
  return value.startsWith(prefix);
}

export function formatToken(field: SealedField): string {
  const part = (bytes: Buffer) => bytes.toString('base64url');
  return `${prefix}${field.keyId}:${part(field.iv)}:${part(field.ciphertext)}:${part(field.tag)}`;
}

export function parseToken(token: string): SealedField {
  const match = pattern.exec(token);
  if (!match) throw new PersonalDataIntegrityError('malformed personal data token');
  const [, keyId, iv, ciphertext, tag] = match as unknown as [string, string, string, string, string];
  return {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
}
