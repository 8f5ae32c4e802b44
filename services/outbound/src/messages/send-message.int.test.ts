import { randomBytes, randomUUID } from 'node:crypto';
import { streamIdFor } from '@ctp/contracts';
import { envelopes, openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { backoffPolicy, createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageRequestFor } from '../domain/messages/message-request.js';
import { SmtpProcess } from '../test-support/smtp-process.js';
import { emailChannel, type CustomerChannel } from './customer-channel.js';
import type { MessageDeps } from './message-deps.js';
import { attemptMessage } from './send-message.js';

/** One message's attempts on a real store (personal fields sealed) and a real SMTP server process that is down, then up. */
describe('a customer message retried with backoff until the SMTP server takes it', () => {
  let stores: ProtectedStores;
  let timers: PostgresTimerStore;
  let smtp: SmtpProcess;
  let channel: CustomerChannel;
  const now = new Date('2026-03-04T02:00:00.000Z');

  beforeAll(async () => {
    const schema = uniqueName('outbound_messages');
    stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey: randomBytes(32).toString('base64') });
    timers = await createTimerStore(postgresUrl(), { schema, table: 'outbound_timers', now: () => now });
  });
  afterAll(async () => {
    channel?.close();
    await smtp?.stop();
    await Promise.all([timers?.close(), stores?.close()]);
  });

  it('a failed attempt records the reason and when the next one is due; the next sends once; attempts after that do nothing', async () => {
    const customerId = `C-${randomUUID().slice(0, 8)}`;
    const customerStream = streamIdFor('customer', customerId);
    const evidence = { method: 'web_form', reference: 'f', noticeVersion: '1' } as const;
    await stores.store.append(customerStream, envelopes(customerStream, [
      { type: 'CustomerRegistered', data: { customerId, kind: 'person', name: '李伟', email: 'li.wei@example.com', customerSince: '2024-05-01', source: { system: 'crm', externalId: 'X' }, serviceConsent: evidence } },
      { type: 'ConsentGranted', data: { customerId, purpose: 'marketing', evidence } },
    ], { causationId: randomUUID(), correlationId: 'c', occurredAt: '2026-03-01T00:00:00.000Z', actor: { kind: 'system', id: 'test' } }), { expectedRevision: 'no_stream' });
    const request = messageRequestFor({ id: randomUUID(), type: 'LifecycleStageChanged', schemaVersion: 1, streamId: `lifecycle-${customerId}`, revision: 0, globalPosition: '1', occurredAt: now.toISOString(), recordedAt: now.toISOString(), correlationId: 'c', causationId: null, actor: { kind: 'service', id: 'tiering' }, traceparent: null,
      data: { customerId, from: null, to: 'new', rule: 'registered', fact: { kind: 'time', timerId: 't', at: now.toISOString() }, detail: 'registered', rules: { rulesId: 'default', rulesVersion: 1 }, contact: { reason: 'welcome', withinWorkingDays: 3, dedicatedManagerOnly: false }, changedAt: now.toISOString() } })!;

    const down = await SmtpProcess.start();
    await down.stop();
    const deps = (url: string): MessageDeps => {
      channel?.close();
      channel = emailChannel(url, 'ctp@example.com');
      return { store: stores.store, timers, channels: new Map([['email', channel]]), clock: () => now, defaultLocale: 'zh-CN', surveyLinkBase: 'https://s.example/', unsubscribe: { secret: 'int-test-secret-0123456789', baseUrl: 'https://u.example', ttlDays: 30 }, retry: { maxAttempts: 3, backoff: backoffPolicy({ initialMs: 60_000, maxMs: 60_000, jitter: 0 }) } };
    };
    const scheduled: Date[] = [];
    await attemptMessage(deps(down.url), request, 1, async (at) => scheduled.push(at));
    expect(scheduled).toEqual([new Date(now.getTime() + 60_000)]);

    smtp = await SmtpProcess.start();
    await attemptMessage(deps(smtp.url), request, 2, async (at) => scheduled.push(at));
    await attemptMessage(deps(smtp.url), request, 2, async (at) => scheduled.push(at));
    await attemptMessage(deps(smtp.url), request, 1, async (at) => scheduled.push(at));

    const outcomes = (await stores.reader.readStream(streamIdFor('message', customerId))).map(({ type, data }) => ({ type, data: data as Record<string, unknown> }));
    expect(outcomes.map(({ type }) => type)).toEqual(['CustomerMessageFailed', 'CustomerMessageSent']);
    expect(outcomes[0]!.data).toMatchObject({ kind: 'welcome', purpose: 'marketing', attempt: 1, reason: expect.stringContaining('ECONNREFUSED'), nextAttemptAt: '2026-03-04T02:01:00.000Z', template: { kind: 'welcome', version: 1, locale: 'zh-CN' } });
    expect(outcomes[1]!.data).toMatchObject({ attempt: 2, channel: 'email', template: { kind: 'welcome', version: 1, locale: 'zh-CN' } });
    const mails = await smtp.received();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.raw).toContain(`Message-ID: ${String(outcomes[1]!.data.providerMessageId)}`);
    expect(scheduled).toHaveLength(1);
  });
});
