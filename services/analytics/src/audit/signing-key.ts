import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { checkpointMessage, type CheckpointContent } from './hashing.js';

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface SigningKey {
  /** First 16 hex digits of the SHA-256 of the public key (SPKI DER): rotating the key changes it. */
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(checkpoint: CheckpointContent): string;
}

/**
 * AUDIT_SIGNING_KEY (or its file): a PKCS#8 PEM Ed25519 private key, or a base64 32-byte seed
 * (what development generates into `.local/`).
 */
export function parseSigningKey(text: string): SigningKey {
  const trimmed = text.trim();
  let privateKey: KeyObject;
  if (trimmed.startsWith('-----BEGIN')) {
    privateKey = createPrivateKey(trimmed);
  } else {
    const seed = Buffer.from(trimmed, 'base64');
    if (seed.length !== 32) throw new Error('the audit signing key must be a PKCS#8 PEM Ed25519 private key or 32 bytes in base64');
    privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the audit signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  const keyId = createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
  return {
    keyId,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    sign: (checkpoint) => sign(null, Buffer.from(checkpointMessage(checkpoint)), privateKey).toString('base64'),
  };
}

export function checkpointSignatureValid(checkpoint: CheckpointContent & { readonly signature: string }, publicKeyPem: string | undefined): boolean {
  if (!publicKeyPem) return false;
  try {
    return verify(null, Buffer.from(checkpointMessage(checkpoint)), createPublicKey(publicKeyPem), Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}
