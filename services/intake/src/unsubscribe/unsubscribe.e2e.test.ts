import { randomUUID } from 'node:crypto';
import { signUnsubscribeToken, streamIdFor } from '@ctp/contracts';
import { envelopes } from '@ctp/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fact, newCustomerId, registration, startIntake, type IntakeHarness } from '../test-support/intake-harness.js';

const secret = 'unsubscribe-e2e-secret-0123456789';
const evidence = { method: 'web_form', reference: 'form-2', noticeVersion: '2026-01' };
const inAYear = () => new Date(Date.parse('2026-01-01T00:00:00Z') + 3 * 365 * 86_400_000);

describe('unsubscribe links: intake verifies the signed token and records the withdrawal', () => {
  let harness: IntakeHarness;
  const customerId = newCustomerId();
  const call = (method: 'GET' | 'POST', token: string, headers: Record<string, string> = {}, body?: string) => fetch(`${harness.intake.baseUrl}/v1/unsubscribe/${token}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const consentEvents = async () => (await harness.store.readStream(streamIdFor('customer', customerId))).filter(({ type }) => type.startsWith('Consent')).map(({ type, data, actor }) => ({ type, data, actor }));

  beforeAll(async () => {
    harness = await startIntake({ relay: false, environment: { UNSUBSCRIBE_SECRET: secret } });
    const response = await harness.post([registration(customerId), fact('ConsentGranted', customerId, { purpose: 'survey', evidence }, '2026-01-05T09:01:00+08:00')]);
    expect(response.status).toBe(202);
  });
  afterAll(() => harness?.stop());

  it('the link opens a confirmation page without writing; confirming (one-click form post) withdraws once; again writes nothing', async () => {
    const token = signUnsubscribeToken(secret, { customerId, purpose: 'survey', expiresAt: inAYear() });
    const page = await call('GET', token, { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<form method="post" action="/v1/unsubscribe/${token}">`);
    expect(await consentEvents()).toHaveLength(1);

    const confirmed = await call('POST', token, { 'content-type': 'application/x-www-form-urlencoded' }, 'List-Unsubscribe=One-Click');
    expect(confirmed.status, await confirmed.clone().text()).toBe(200);
    expect(await confirmed.json()).toMatchObject({ customerId, purpose: 'survey', withdrawn: true, status: 'withdrawn' });
    const again = await call('POST', token, { accept: 'application/json' });
    expect(await again.json()).toMatchObject({ withdrawn: false, status: 'no_consent', position: null });
    expect(await consentEvents()).toEqual([
      expect.objectContaining({ type: 'ConsentGranted' }),
      { type: 'ConsentWithdrawn', data: { customerId, purpose: 'survey', via: 'email' }, actor: { kind: 'system', id: 'unsubscribe-link' } },
    ]);
  });

  it('a forged, garbled or expired token is a problem naming params.token and writes nothing', async () => {
    const before = await consentEvents();
    const forged = `${signUnsubscribeToken(secret, { customerId, purpose: 'survey', expiresAt: inAYear() }).split('.')[0]}.${'A'.repeat(43)}`;
    const otherSecret = signUnsubscribeToken('another-secret-0123456789', { customerId, purpose: 'marketing', expiresAt: inAYear() });
    for (const token of [forged, otherSecret, 'garbled']) {
      const refused = await call('POST', token);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(((await refused.json()) as { errors: { path: string }[] }).errors.map(({ path }) => path)).toEqual(['params.token']);
    }
    const expired = await call('POST', signUnsubscribeToken(secret, { customerId, purpose: 'survey', expiresAt: new Date('2020-01-01T00:00:00Z') }));
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ code: 'CTP_GONE', errors: [{ path: 'params.token', message: 'expired' }] });
    expect(await consentEvents()).toEqual(before);
  });

  it("a link to an id merged away, then merged again, withdraws the consent of the final survivor", async () => {
    const [first, second, final] = [newCustomerId(), newCustomerId(), newCustomerId()];
    const merged = await harness.post([
      registration(first), registration(second), registration(final),
      fact('ConsentGranted', final, { purpose: 'survey', evidence }, '2026-01-05T09:01:00+08:00'),
      fact('CustomersMerged', second, { mergedAwayIds: [first], matchedOn: ['manual_review'] }, '2026-01-06T09:00:00+08:00'),
      fact('CustomersMerged', final, { mergedAwayIds: [second], matchedOn: ['manual_review'] }, '2026-01-07T09:00:00+08:00'),
    ]);
    expect(merged.status, await merged.clone().text()).toBe(202);

    const confirmed = await call('POST', signUnsubscribeToken(secret, { customerId: first, purpose: 'survey', expiresAt: inAYear() }), { accept: 'application/json' });
    expect(await confirmed.json()).toMatchObject({ customerId: first, purpose: 'survey', withdrawn: true, status: 'withdrawn' });
    const withdrawals = async (id: string) => (await harness.store.readStream(streamIdFor('customer', id))).filter(({ type }) => type === 'ConsentWithdrawn').map(({ data }) => data);
    expect(await withdrawals(final)).toEqual([{ customerId: final, purpose: 'survey', via: 'email' }]);
    expect([...(await withdrawals(first)), ...(await withdrawals(second))]).toEqual([]);
  });

  it('merges that loop (data no rule of intake lets in) answer a 500 problem and write nothing, instead of following them forever', async () => {
    const [one, other] = [newCustomerId(), newCustomerId()];
    for (const [from, into] of [[one, other], [other, one]] as const) {
      const streamId = streamIdFor('customer', from);
      await harness.store.append(streamId, envelopes(streamId, [{ type: 'CustomerMergedInto', data: { customerId: from, survivorId: into, mergeEventId: randomUUID() } }], { causationId: randomUUID(), correlationId: 'cycle', occurredAt: '2026-01-06T09:00:00+08:00', actor: { kind: 'system', id: 'test' } }), { expectedRevision: 'no_stream' });
    }
    const refused = await call('POST', signUnsubscribeToken(secret, { customerId: one, purpose: 'survey', expiresAt: inAYear() }), { accept: 'application/json' });
    expect(refused.status).toBe(500);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    for (const id of [one, other]) expect((await harness.store.readStream(streamIdFor('customer', id))).map(({ type }) => type)).toEqual(['CustomerMergedInto']);
  });
});
