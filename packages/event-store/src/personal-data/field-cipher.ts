import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PersonalDataIntegrityError } from './errors.js';
import { formatToken, type SealedField } from './token.js';

/** Binds a ciphertext to its event and field: a token copied elsewhere fails authentication. */
export function fieldAad(eventId: string, path: string): Buffer {
  return Buffer.from(`ctp-personal/v1|${eventId}|${path}`, 'utf8');
}

/** GCM tags are always 128 bits here; a decipher told so refuses a truncated tag (which Node otherwise accepts, down to 32 bits). */
export const GCM_TAG_BYTES = 16;

export function encryptField(keyId: string, key: Buffer, plaintext: string, aad: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return formatToken({ keyId, iv, ciphertext, tag: cipher.getAuthTag() });
}

export function decryptField(key: Buffer, sealed: SealedField, aad: Buffer): string {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new PersonalDataIntegrityError(`personal data under key ${sealed.keyId} failed authentication`, { cause: error });
  }
}
