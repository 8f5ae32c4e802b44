import { signUnsubscribeToken, streamIdFor } from '@ctp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fact, newCustomerId, registration, startIntake, type IntakeHarness } from '../test-support/intake-harness.js';

const secret = 'unsubscribe-limits-secret-0123456789';
const evidence = { method: 'web_form', reference: 'form-3', noticeVersion: '2026-01' };
const inAYear = () => new Date(Date.parse('2026-01-01T00:00:00Z') + 3 * 365 * 86_400_000);

describe('the public unsubscribe routes are limited per client address', () => {
  let harness: IntakeHarness;
  const customerId = newCustomerId();
  const call = (method: 'GET' | 'POST', token: string) => fetch(`${harness.intake.baseUrl}/v1/unsubscribe/${token}`, { method, headers: { accept: 'application/json' } });

  beforeAll(async () => {
    harness = await startIntake({ relay: false, environment: { UNSUBSCRIBE_SECRET: secret, UNSUBSCRIBE_REQUESTS_PER_MINUTE: '3' } });
    const response = await harness.post([registration(customerId), fact('ConsentGranted', customerId, { purpose: 'marketing', evidence }, '2026-01-05T09:01:00+08:00')]);
    expect(response.status).toBe(202);
  });
  afterAll(() => harness?.stop());

  it('one request more than UNSUBSCRIBE_REQUESTS_PER_MINUTE is a 429 problem with retry-after that withdraws nothing; the other route counts apart', async () => {
    const garbled = await Promise.all([1, 2, 3].map(() => call('POST', 'garbled')));
    expect(garbled.map(({ status }) => status)).toEqual([400, 400, 400]);

    const limited = await call('POST', signUnsubscribeToken(secret, { customerId, purpose: 'marketing', expiresAt: inAYear() }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: 'CTP_RATE_LIMITED', status: 429 });
    const consent = (await harness.store.readStream(streamIdFor('customer', customerId))).map(({ type }) => type).filter((type) => type.startsWith('Consent'));
    expect(consent).toEqual(['ConsentGranted']);

    expect((await call('GET', signUnsubscribeToken(secret, { customerId, purpose: 'marketing', expiresAt: inAYear() }))).status).toBe(200);
  });

  it('documents the 429 of both routes with the limit', async () => {
    const openapi = (await (await fetch(`${harness.intake.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>> };
    const operations = openapi.paths['/v1/unsubscribe/{token}']!;
    for (const method of ['get', 'post']) expect(operations[method]!.responses['429']!.description).toMatch(/^More than 3 requests to this route from the client address in a minute/);
  });
});
