import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signedHeader, verifySignature } from './signature.js';

const secret = 'whsec-0123456789abcdef';
const body = '{"deliveryId":"d-1","event":{"type":"PurchaseRecorded"}}';
const at = new Date('2026-03-04T06:00:00.000Z');

describe('the delivery signature', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">, as docs/outbound.md tells receivers', () => {
    const expected = createHmac('sha256', secret).update(`1772604000.${body}`).digest('hex');
    expect(signedHeader(secret, at, body)).toBe(`t=1772604000,v1=${expected}`);
  });

  it('verifies with the same secret and body inside the tolerance', () => {
    expect(verifySignature(secret, signedHeader(secret, at, body), body, new Date(at.getTime() + 60_000))).toBe(true);
  });

  it('refuses another secret, a changed body, an old timestamp, and a malformed header', () => {
    const header = signedHeader(secret, at, body);
    expect(verifySignature('another-secret-of-16', header, body, at)).toBe(false);
    expect(verifySignature(secret, header, body.replace('Purchase', 'Refund'), at)).toBe(false);
    expect(verifySignature(secret, header, body, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifySignature(secret, 'v1=abc', body, at)).toBe(false);
  });
});
