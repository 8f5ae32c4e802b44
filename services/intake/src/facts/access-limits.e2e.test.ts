import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCustomerId, registration, startIntake, type IntakeHarness } from '../test-support/intake-harness.js';

describe('intake answers who may call it, how big and how often', () => {
  let harness: IntakeHarness;
  beforeAll(async () => {
    harness = await startIntake({ relay: false, environment: { RATE_LIMIT_PER_MINUTE: '6', BODY_LIMIT_BYTES: '4096' } });
  });
  afterAll(() => harness?.stop());

  it('401 without a key, 403 for a role that may not publish, and writes nothing', async () => {
    const customerId = newCustomerId();
    const anonymous = await harness.post([registration(customerId)], 'nobody');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'CTP_UNAUTHENTICATED' });
    const analyst = await harness.post([registration(customerId)], 'analyst');
    expect(analyst.status).toBe(403);
    expect(await analyst.json()).toMatchObject({ code: 'CTP_FORBIDDEN' });
    expect((await harness.get(`/v1/customers/${customerId}`, 'integrator')).status).toBe(403);
    expect(await harness.store.readStream(`customer-${customerId}`)).toEqual([]);
  });

  it('413 for a body over the limit', async () => {
    const big = Array.from({ length: 20 }, () => registration(newCustomerId()));
    const response = await harness.post(big);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'CTP_PAYLOAD_TOO_LARGE' });
  });

  it('429 once a key exceeds its requests per minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await harness.get('/v1/customers/C-none?purpose=service', 'agent')).status);
    expect(statuses).toContain(429);
    expect(statuses.indexOf(429)).toBeGreaterThan(0);
  });
});
