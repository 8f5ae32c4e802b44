import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token.js';

const secret = 'test-unsubscribe-secret';
const now = new Date('2026-03-04T02:00:00.000Z');
const claims = { customerId: 'C-1', purpose: 'survey', expiresAt: new Date('2026-06-01T00:00:00.000Z') };

describe('unsubscribe tokens', () => {
  it('a signed token verifies to its claims until it expires', () => {
    const token = signUnsubscribeToken(secret, claims);
    expect(verifyUnsubscribeToken(secret, token, now)).toEqual({ ok: true, claims });
    expect(verifyUnsubscribeToken(secret, token, claims.expiresAt)).toEqual({ ok: false, reason: 'expired', claims });
  });

  it('another secret, a changed payload or garbage is refused', () => {
    const token = signUnsubscribeToken(secret, claims);
    expect(verifyUnsubscribeToken('another-secret', token, now)).toEqual({ ok: false, reason: 'bad_signature' });
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ c: 'C-2', p: 'survey', e: 1_900_000_000 })).toString('base64url')}.${signature}`;
    expect(verifyUnsubscribeToken(secret, forged, now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyUnsubscribeToken(secret, 'not-a-token', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyUnsubscribeToken(secret, `${'a'.repeat(10)}.${'b'.repeat(43)}`, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });
});
