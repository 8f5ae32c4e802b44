import { randomBytes, randomUUID } from 'node:crypto';
import { streamIdFor, type CustomerMessageKind } from '@ctp/contracts';
import { envelopes, openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { backoffPolicy, createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageRequestFor } from '../domain/messages/message-request.js';
import type { QuietHours } from '../domain/messages/quiet-hours.js';
import { SmtpProcess } from '../test-support/smtp-process.js';
import { emailChannel, type CustomerChannel } from './customer-channel.js';
import type { MessageDeps } from './message-deps.js';
import { messageTimers, scheduleMessage } from './message-timers.js';
import { attemptMessage } from './send-message.js';

const night: QuietHours = { fromMinute: 21 * 60, toMinute: 9 * 60 };

/** A customer message's attempts on a real store (personal fields sealed), a real timer table and a real SMTP server process. */
describe('a customer message attempted on a real store, timers and SMTP server', () => {
  let stores: ProtectedStores;
  let timers: PostgresTimerStore;
  let smtp: SmtpProcess;
  const channels: CustomerChannel[] = [];
  let now = new Date('2026-03-04T02:00:00.000Z');

  beforeAll(async () => {
    const schema = uniqueName('outbound_messages');
    stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey: randomBytes(32).toString('base64') });
    timers = await createTimerStore(postgresUrl(), { schema, table: 'outbound_timers', now: () => now });
    smtp = await SmtpProcess.start();
  });
  afterAll(async () => {
    channels.forEach((channel) => channel.close());
    await smtp?.stop();
    await Promise.all([timers?.close(), stores?.close()]);
  });

  const deps = (smtpUrl = smtp.url): MessageDeps => {
    const channel = emailChannel(smtpUrl, 'ctp@example.com');
    channels.push(channel);
    return {
      store: stores.store, timers, channels: new Map([['email', channel]]), clock: () => now, defaultLocale: 'zh-CN', surveyLinkBase: 'https://s.example/',
      unsubscribe: { secret: 'int-test-secret-0123456789', baseUrl: 'https://u.example', ttlDays: 30 },
      retry: { maxAttempts: 3, backoff: backoffPolicy({ initialMs: 60_000, maxMs: 60_000, jitter: 0 }) },
      quiet: { hours: night, timeZone: 'Asia/Shanghai' },
      frequencyCaps: { marketing: { max: 3, windowMs: 30 * 86_400_000 }, survey: null },
    };
  };
  const customerWithMarketingConsent = async () => {
    const customerId = `C-${randomUUID().slice(0, 8)}`;
    const customerStream = streamIdFor('customer', customerId);
    const evidence = { method: 'web_form', reference: 'f', noticeVersion: '1' } as const;
    await stores.store.append(customerStream, envelopes(customerStream, [
      { type: 'CustomerRegistered', data: { customerId, kind: 'person', name: '李伟', email: `${customerId.toLowerCase()}@example.com`, customerSince: '2024-05-01', source: { system: 'crm', externalId: 'X' }, serviceConsent: evidence } },
      { type: 'ConsentGranted', data: { customerId, purpose: 'marketing', evidence } },
    ], { causationId: randomUUID(), correlationId: 'c', occurredAt: '2026-03-01T00:00:00.000Z', actor: { kind: 'system', id: 'test' } }), { expectedRevision: 'no_stream' });
    return customerId;
  };
  const stageMessage = (customerId: string, reason: Exclude<CustomerMessageKind, 'survey_invitation'> = 'welcome') =>
    messageRequestFor({ id: randomUUID(), type: 'LifecycleStageChanged', schemaVersion: 1, streamId: `lifecycle-${customerId}`, revision: 0, globalPosition: '1', occurredAt: now.toISOString(), recordedAt: now.toISOString(), correlationId: 'c', causationId: null, actor: { kind: 'service', id: 'tiering' }, traceparent: null,
      data: { customerId, from: null, to: 'new', rule: 'registered', fact: { kind: 'time', timerId: 't', at: now.toISOString() }, detail: 'registered', rules: { rulesId: 'default', rulesVersion: 1 }, contact: { reason, withinWorkingDays: 3, dedicatedManagerOnly: false }, changedAt: now.toISOString() } })!;
  const outcomes = async (customerId: string) => (await stores.reader.readStream(streamIdFor('message', customerId))).map(({ type, data }) => ({ type, data: data as Record<string, unknown> }));
  const mailsTo = async (customerId: string) => (await smtp.received()).filter((mail) => mail.to.includes(`${customerId.toLowerCase()}@example.com`));
  const recording = () => {
    const scheduled: Date[] = [];
    const deferred: Date[] = [];
    return { scheduled, deferred, followUps: { scheduleNext: async (at: Date) => scheduled.push(at), deferTo: async (at: Date) => deferred.push(at) } };
  };

  it('a failed attempt records the reason and when the next one is due; the next sends once; attempts after that do nothing', async () => {
    now = new Date('2026-03-04T02:00:00.000Z');
    const customerId = await customerWithMarketingConsent();
    const request = stageMessage(customerId);
    const down = await SmtpProcess.start();
    await down.stop();
    const { scheduled, followUps } = recording();
    await attemptMessage(deps(down.url), request, 1, followUps);
    expect(scheduled).toEqual([new Date(now.getTime() + 60_000)]);

    await attemptMessage(deps(), request, 2, followUps);
    await attemptMessage(deps(), request, 2, followUps);
    await attemptMessage(deps(), request, 1, followUps);

    const recorded = await outcomes(customerId);
    expect(recorded.map(({ type }) => type)).toEqual(['CustomerMessageFailed', 'CustomerMessageSent']);
    expect(recorded[0]!.data).toMatchObject({ kind: 'welcome', purpose: 'marketing', attempt: 1, reason: expect.stringContaining('ECONNREFUSED'), nextAttemptAt: '2026-03-04T02:01:00.000Z', template: { kind: 'welcome', version: 1, locale: 'zh-CN' } });
    expect(recorded[1]!.data).toMatchObject({ attempt: 2, channel: 'email', template: { kind: 'welcome', version: 1, locale: 'zh-CN' } });
    const mails = await mailsTo(customerId);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.raw).toContain(`Message-ID: ${String(recorded[1]!.data.providerMessageId)}`);
    expect(scheduled).toHaveLength(1);
  });

  it('an attempt at 22:30 in the customer’s zone sends nothing, records the deferral and its timer fires again at 09:00, when the message goes (a firing before then changes nothing)', async () => {
    now = new Date('2026-03-04T14:30:00.000Z');
    const customerId = await customerWithMarketingConsent();
    const request = stageMessage(customerId);
    await scheduleMessage(deps(), request, 1, now);
    const handle = messageTimers.handler(deps());
    const signal = new AbortController().signal;
    await handle((await timers.get(`customer-message:${request.messageId}:1`))!, { signal });

    const morning = new Date('2026-03-05T01:00:00.000Z');
    expect(await outcomes(customerId)).toEqual([{ type: 'CustomerMessageDeferred', data: expect.objectContaining({ attempt: 1, reason: 'quiet_hours', timeZone: 'Asia/Shanghai', deferredUntil: morning.toISOString(), decidedAt: now.toISOString() }) }]);
    expect(await mailsTo(customerId)).toEqual([]);
    const deferred = await timers.get(`customer-message:${request.messageId}:1:quiet-until-${morning.getTime()}`);
    expect(deferred).toMatchObject({ state: 'pending', dueAt: morning, payload: { attempt: 1 } });

    now = new Date(morning.getTime() - 60_000);
    await handle(deferred!, { signal });
    expect((await outcomes(customerId)).map(({ type }) => type)).toEqual(['CustomerMessageDeferred']);
    now = morning;
    await handle(deferred!, { signal });
    expect((await outcomes(customerId)).map(({ type }) => type)).toEqual(['CustomerMessageDeferred', 'CustomerMessageSent']);
    expect(await mailsTo(customerId)).toHaveLength(1);
  });

  it('three marketing messages of different kinds in thirty days are sent; a fourth is suppressed for the frequency cap and not sent', async () => {
    const customerId = await customerWithMarketingConsent();
    const kinds = ['welcome', 'care', 'win_back', 'care'] as const;
    for (const [day, kind] of kinds.entries()) {
      now = new Date(Date.parse('2026-03-04T02:00:00.000Z') + day * 5 * 86_400_000);
      await attemptMessage(deps(), stageMessage(customerId, kind), 1, recording().followUps);
    }
    const recorded = await outcomes(customerId);
    expect(recorded.map(({ type, data }) => [type, data.kind])).toEqual([['CustomerMessageSent', 'welcome'], ['CustomerMessageSent', 'care'], ['CustomerMessageSent', 'win_back'], ['CustomerMessageSuppressed', 'care']]);
    expect(recorded[3]!.data).toMatchObject({ reason: 'frequency_cap', survivorId: null });
    expect(await mailsTo(customerId)).toHaveLength(3);
  });
});
