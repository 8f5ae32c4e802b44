import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { consentPurposeSchema } from './events/customer/shared.js';
import { entityIdSchema } from './primitives.js';

/**
 * The token of an unsubscribe link, shared by outbound (which signs it into every message) and intake (which
 * verifies it and records the withdrawal): `<payload>.<mac>`, both base64url; the payload is the JSON
 * `{ c: customerId, p: purpose, e: expiry in unix seconds }`, the mac HMAC-SHA256 over the payload text with the
 * deployment's UNSUBSCRIBE_SECRET. Signed, not encrypted: it names a customer id, never personal data.
 */
export interface UnsubscribeClaims {
  readonly customerId: string;
  readonly purpose: string;
  readonly expiresAt: Date;
}

export type UnsubscribeVerdict =
  | { readonly ok: true; readonly claims: UnsubscribeClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' }
  | { readonly ok: false; readonly reason: 'expired'; readonly claims: UnsubscribeClaims };

export const unsubscribeTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{1,400}\.[A-Za-z0-9_-]{43}$/, 'expected an unsubscribe token: <payload>.<signature>, base64url');

const payloadSchema = z.strictObject({ c: entityIdSchema, p: consentPurposeSchema, e: z.int().min(0) });

const mac = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

export function signUnsubscribeToken(secret: string, claims: UnsubscribeClaims): string {
  const payload = Buffer.from(JSON.stringify({ c: claims.customerId, p: claims.purpose, e: Math.floor(claims.expiresAt.getTime() / 1000) })).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** Checks the signature first (nothing of a forged token is believed), then the expiry against `now`. */
export function verifyUnsubscribeToken(secret: string, token: string, now: Date): UnsubscribeVerdict {
  if (!unsubscribeTokenSchema.safeParse(token).success) return { ok: false, reason: 'malformed' };
  const [payload = '', signature = ''] = token.split('.');
  const expected = Buffer.from(mac(secret, payload));
  if (!timingSafeEqual(Buffer.from(signature), expected)) return { ok: false, reason: 'bad_signature' };
  let parsed: z.output<typeof payloadSchema>;
  try {
    parsed = payloadSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const claims = { customerId: parsed.c, purpose: parsed.p, expiresAt: new Date(parsed.e * 1000) };
  return claims.expiresAt.getTime() <= now.getTime() ? { ok: false, reason: 'expired', claims } : { ok: true, claims };
}
