import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fact, newCustomerId, purchase, refund, registration, startIntake, type IntakeHarness } from '../test-support/intake-harness.js';

interface Problem {
  code: string;
  errors: { index: number; path: string; rule: string; message: string }[];
}

describe('intake refuses facts that break a business rule, with 422 and a stable rule code, writing nothing', () => {
  let harness: IntakeHarness;
  beforeAll(async () => {
    harness = await startIntake({ relay: false, environment: { EXCHANGE_RATES: 'USD=7.1' } });
  });
  afterAll(() => harness?.stop());

  const refused = async (events: unknown[]) => {
    const response = await harness.post(events);
    expect(response.status, harness.intake.output().slice(-2000)).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Problem;
    expect(problem.code).toBe('CTP_UNPROCESSABLE');
    return problem.errors.map((error) => [error.index, error.path, error.rule]);
  };
  const streamLength = async (customerId: string) => (await harness.store.readStream(`customer-${customerId}`)).length;

  it('refuses facts about an unregistered customer, and the rest of the batch with them', async () => {
    const known = newCustomerId();
    const unknown = newCustomerId();
    expect(await refused([registration(known), purchase(unknown, 'SO-1', '10.00')])).toEqual([[1, 'body.events[1].customerId', 'unknown_customer']]);
    expect(await streamLength(known)).toBe(0);
  });

  it('refuses refunds beyond the purchase, of unknown orders, and a currency without a rate', async () => {
    const customerId = newCustomerId();
    expect((await harness.post([registration(customerId), purchase(customerId, 'SO-1', '100.00')])).status).toBe(202);
    expect(await refused([refund(customerId, 'SO-1', '100.01'), refund(customerId, 'SO-9', '1.00'), purchase(customerId, 'SO-2', '5.00', 'GBP')])).toEqual([
      [0, 'body.events[0].data.amount', 'refund_exceeds_purchase'],
      [1, 'body.events[1].data.orderId', 'unknown_order'],
      [2, 'body.events[2].data.currency', 'unsupported_currency'],
    ]);
    expect((await harness.post([purchase(customerId, 'SO-3', '5.00', 'USD')])).status).toBe(202);
    expect(await streamLength(customerId)).toBe(3);
  });

  it('refuses a merge into itself and consent for an unknown purpose', async () => {
    const customerId = newCustomerId();
    expect((await harness.post([registration(customerId)])).status).toBe(202);
    const evidence = { method: 'app', reference: 'app-1', noticeVersion: '2026-01' };
    expect(
      await refused([
        fact('CustomersMerged', customerId, { mergedAwayIds: [customerId], matchedOn: ['manual_review'] }),
        fact('ConsentGranted', customerId, { purpose: 'telemarketing', evidence }),
      ]),
    ).toEqual([
      [0, 'body.events[0].data.mergedAwayIds[0]', 'merge_into_itself'],
      [1, 'body.events[1].data.purpose', 'unknown_consent_purpose'],
    ]);
    expect(await streamLength(customerId)).toBe(1);
  });

  it('lets exactly one of two concurrent refunds through when together they exceed the order', async () => {
    const customerId = newCustomerId();
    expect((await harness.post([registration(customerId), purchase(customerId, 'SO-1', '100.00')])).status).toBe(202);
    const answers = await Promise.all([harness.post([refund(customerId, 'SO-1', '60.00')]), harness.post([refund(customerId, 'SO-1', '60.00')])]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 422]);
    expect(await streamLength(customerId)).toBe(3);
  });

  it('answers a re-sent batch with duplicates even where its facts would now break a rule', async () => {
    const customerId = newCustomerId();
    const batch = [registration(customerId), purchase(customerId, 'SO-1', '10.00'), refund(customerId, 'SO-1', '10.00')];
    expect((await harness.post(batch)).status).toBe(202);
    const again = await harness.post(batch);
    expect(again.status).toBe(202);
    expect(((await again.json()) as { events: { status: string }[] }).events.map((event) => event.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await streamLength(customerId)).toBe(3);
  });

  it('writes no customer of a batch when one of its facts reuses an id stored on another customer (409)', async () => {
    const [owner, first, second] = [newCustomerId(), newCustomerId(), newCustomerId()];
    const taken = purchase(owner, 'SO-1', '10.00');
    expect((await harness.post([registration(owner), taken])).status).toBe(202);
    const reused = { ...purchase(second, 'SO-2', '20.00'), id: taken.id };
    const response = await harness.post([registration(first), purchase(first, 'SO-3', '5.00'), registration(second), reused]);
    expect(response.status).toBe(409);
    expect(await streamLength(first)).toBe(0);
    expect(await streamLength(second)).toBe(0);
  });

  it('writes the facts sent for a merged-away id on the survivor, and marks the merged-away stream', async () => {
    const [survivor, duplicate] = [newCustomerId(), newCustomerId()];
    expect((await harness.post([registration(survivor), registration(duplicate), purchase(duplicate, 'SO-D', '30.00')])).status).toBe(202);
    expect((await harness.post([fact('CustomersMerged', survivor, { mergedAwayIds: [duplicate], matchedOn: ['phone'] })])).status).toBe(202);
    const later = await harness.post([purchase(duplicate, 'SO-E', '20.00'), refund(duplicate, 'SO-D', '30.00')]);
    expect(later.status).toBe(202);
    const { events } = (await later.json()) as { events: { streamId: string }[] };
    expect(events.map((event) => event.streamId)).toEqual([`customer-${survivor}`, `customer-${survivor}`]);
    const onSurvivor = await harness.store.readStream(`customer-${survivor}`);
    expect(onSurvivor.map((event) => [event.type, (event.data as { customerId?: string }).customerId])).toEqual([
      ['CustomerRegistered', survivor],
      ['CustomersMerged', undefined],
      ['PurchaseRecorded', survivor],
      ['PurchaseRefunded', survivor],
    ]);
    expect((await harness.store.readStream(`customer-${duplicate}`)).map((event) => event.type)).toEqual(['CustomerRegistered', 'PurchaseRecorded', 'CustomerMergedInto']);
    expect(await refused([refund(duplicate, 'SO-D', '0.01')])).toEqual([[0, 'body.events[0].data.amount', 'refund_exceeds_purchase']]);
  });
});
