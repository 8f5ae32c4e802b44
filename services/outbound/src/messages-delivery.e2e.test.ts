import { randomUUID } from 'node:crypto';
import { createEventStore, type EventStore } from '@ctp/event-store';
import { eventually, freePort, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteCustomer, messageOutcomes, registerCustomer } from './test-support/customer-messages.js';
import { SmtpProcess, startSmsGateway } from './test-support/smtp-process.js';

/**
 * Through the processes, how a message reaches a customer: by SMS through the gateway process when the profile has
 * a phone and no e-mail, and by e-mail once an SMTP server that was down when the message was due comes up, retried
 * by the running outbound's timer worker (the backoff configured short: the mechanism is the same).
 */
describe('customer messages delivered end to end: SMS through the gateway, e-mail retried until the SMTP server is up', () => {
  let stack: ServiceStack;
  let store: EventStore;
  let timers: PostgresTimerStore;
  let sms: SmtpProcess;
  let smtp: SmtpProcess | undefined;
  let smtpPort: number;
  const output = () => stack.service('outbound').output();

  beforeAll(async () => {
    [sms, smtpPort] = await Promise.all([startSmsGateway(), freePort()]);
    stack = await startServiceStack(['relay', 'intake', 'outbound'], {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'ctp@example.com', SMS_GATEWAY_URL: sms.httpUrl(), UNSUBSCRIBE_SECRET: 'delivery-e2e-unsubscribe-secret-0123',
      MESSAGE_BACKOFF_INITIAL_MS: '200', MESSAGE_BACKOFF_MAX_MS: '1000', MESSAGE_MAX_ATTEMPTS: '20',
      // 10:00 in Asia/Shanghai: outside the quiet hours, whenever the test runs.
      CLOCK_START: '2026-03-04T02:00:00.000Z',
    }, 'outbound_delivery_e2e');
    store = await createEventStore(postgresUrl(), { schema: stack.schema });
    timers = await createTimerStore(postgresUrl(), { schema: stack.schema, table: 'outbound_timers' });
  });
  afterAll(async () => {
    await Promise.all([store?.close(), timers?.close()]);
    await stack?.stop();
    await Promise.all([sms?.stop(), smtp?.stop()]);
  });

  const register = async (customerId: string, contact: { email?: null; phone?: string }) => {
    const response = await registerCustomer(stack, customerId, { consents: ['survey'], ...contact });
    expect(response.status, await response.clone().text()).toBe(202);
  };

  it('a customer with a phone and no e-mail gets the invitation by SMS through the gateway', async () => {
    const customerId = `C-${randomUUID().slice(0, 8)}`;
    await register(customerId, { email: null, phone: '+8613900139000' });
    const invitationId = await inviteCustomer(stack, store, customerId);

    const sent = await eventually(async () => (await messageOutcomes(store, customerId)).find(({ type }) => type === 'CustomerMessageSent'), 'CustomerMessageSent by SMS', output, 60_000);
    expect(sent.data).toMatchObject({ kind: 'survey_invitation', channel: 'sms', attempt: 1 });
    const texts = (await sms.lines<{ path: string; body: string; answered: number }>()).map(({ body }) => JSON.parse(body) as { to: string; text: string });
    expect(texts).toHaveLength(1);
    expect(texts[0]!.to).toBe('+8613900139000');
    expect(texts[0]!.text).toContain(invitationId);
    expect(texts[0]!.text).toMatch(/\/v1\/unsubscribe\/[\w-]+\.[\w-]+$/);
    expect(sent.data.providerMessageId).toBe('sms-1');
  });

  it('an e-mail due while the SMTP server is down fails, and the timer worker sends it once when the server is up; no attempt is left', async () => {
    const customerId = `C-${randomUUID().slice(0, 8)}`;
    await register(customerId, {});
    await inviteCustomer(stack, store, customerId);

    const failed = await eventually(async () => (await messageOutcomes(store, customerId)).find(({ type }) => type === 'CustomerMessageFailed'), 'CustomerMessageFailed while the SMTP server is down', output, 60_000);
    expect(failed.data).toMatchObject({ attempt: 1, channel: 'email', reason: expect.stringContaining('ECONNREFUSED'), nextAttemptAt: expect.any(String) });

    smtp = await SmtpProcess.start('smtp-receiver.mjs', smtpPort);
    const sent = await eventually(async () => (await messageOutcomes(store, customerId)).find(({ type }) => type === 'CustomerMessageSent'), 'CustomerMessageSent once the SMTP server is up', output, 60_000);
    await eventually(async () => ((await timers.countPending('customer-message')) === 0 ? true : undefined), 'no message attempt pending any more', output);
    const types = (await messageOutcomes(store, customerId)).map(({ type }) => type);
    expect(types.at(-1)).toBe('CustomerMessageSent');
    expect(types.slice(0, -1).every((type) => type === 'CustomerMessageFailed')).toBe(true);
    expect(sent.data.attempt).toBe(types.length);
    const mails = (await smtp.received()).filter((mail) => mail.to.includes(`${customerId.toLowerCase()}@example.com`));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.raw).toContain(`Message-ID: ${String(sent.data.providerMessageId)}`);
  });
});
