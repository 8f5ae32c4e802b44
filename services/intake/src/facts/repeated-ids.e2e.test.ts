import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCustomerId, purchase, registration, startIntake, type IntakeHarness } from '../test-support/intake-harness.js';

describe('a batch that repeats an event id', () => {
  let harness: IntakeHarness;
  beforeAll(async () => {
    harness = await startIntake({ relay: false });
  });
  afterAll(() => harness?.stop());

  it('is a 400 naming each repeat, and writes nothing (the fuzzer found a 500 from the store)', async () => {
    const customerId = newCustomerId();
    expect((await harness.post([registration(customerId)])).status).toBe(202);
    const fact = purchase(customerId, 'SO-1', '10.00');
    const response = await harness.post([fact, purchase(customerId, 'SO-2', '5.00'), fact, fact]);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { code: string; errors: { path: string; message: string }[] };
    expect(problem.code).toBe('CTP_VALIDATION_FAILED');
    expect(problem.errors.map((error) => error.path)).toEqual(['body.events[2].id', 'body.events[3].id']);
    expect(problem.errors[0]!.message).toMatch(/repeats the id of events\[0\]/);
    expect(await harness.store.readStream(`customer-${customerId}`)).toHaveLength(1);
  });
});
