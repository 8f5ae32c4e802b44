import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { KeyringError } from './errors.js';

/** The key that wraps every customer's data key; from configuration, never stored with the data. */
export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

/** Parses `DATA_MASTER_KEY`: base64 of exactly 32 random bytes (`openssl rand -base64 32`). */
export function parseMasterKey(base64: string): MasterKey {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32 || key.toString('base64') !== base64.trim()) {
    throw new KeyringError('DATA_MASTER_KEY must be the base64 of exactly 32 bytes (generate one with: openssl rand -base64 32)');
  }
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
}

function wrapAad(customerId: string, keyId: string): Buffer {
  return Buffer.from(`ctp-data-key/v1|${customerId}|${keyId}`, 'utf8');
}

/** AES-256-GCM key wrapping: iv (12) || tag (16) || wrapped key (32), bound to customer and key id. */
export function wrapDataKey(master: MasterKey, dataKey: Buffer, customerId: string, keyId: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master.key, iv, { authTagLength: 16 });
  cipher.setAAD(wrapAad(customerId, keyId));
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), wrapped]);
}

export function unwrapDataKey(master: MasterKey, wrapped: Buffer, customerId: string, keyId: string): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', master.key, wrapped.subarray(0, 12), { authTagLength: 16 });
    decipher.setAAD(wrapAad(customerId, keyId));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
  } catch (error) {
    throw new KeyringError(`data key ${keyId} of customer ${customerId} cannot be unwrapped with master key ${master.id}`, { cause: error });
  }
}
