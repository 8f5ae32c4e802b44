import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>` (docs/outbound.md). */
export const signatureHeader = 'x-ctp-signature';
export const deliveryIdHeader = 'x-ctp-delivery-id';

export function signatureOf(secret: string, unixSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
}

export function signedHeader(secret: string, at: Date, body: string): string {
  const unixSeconds = Math.floor(at.getTime() / 1000);
  return `t=${unixSeconds},v1=${signatureOf(secret, unixSeconds, body)}`;
}

/** What a receiver does: recompute, compare in constant time, refuse a timestamp older than its tolerance (replays). */
export function verifySignature(secret: string, header: string, body: string, now: Date, toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const unixSeconds = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(unixSeconds) || given === undefined || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(now.getTime() / 1000 - unixSeconds) > toleranceSeconds) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(signatureOf(secret, unixSeconds, body), 'hex'));
}
