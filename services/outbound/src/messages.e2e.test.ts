import { randomUUID } from 'node:crypto';
import { streamIdFor } from '@ctp/contracts';
import { createEventStore, type EventStore } from '@ctp/event-store';
import { eventually, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteCustomer, messageOutcomes, registerCustomer } from './test-support/customer-messages.js';
import { SmtpProcess } from './test-support/smtp-process.js';

/**
 * Through the processes: customers registered through intake, survey invitations appended as feedback publishes
 * them, outbound's reactor and timer worker deciding and sending to a real SMTP server, and the unsubscribe link of
 * the received mail followed back to intake.
 */
describe('messages to customers end to end: relay, intake, outbound and a real SMTP server process', () => {
  let stack: ServiceStack;
  let smtp: SmtpProcess;
  let store: EventStore;
  const secret = 'messages-e2e-unsubscribe-secret-0123';
  // 10:00 in Asia/Shanghai: outside the quiet hours, whenever the test runs.
  const daytime = '2026-03-04T02:00:00.000Z';

  beforeAll(async () => {
    smtp = await SmtpProcess.start();
    stack = await startServiceStack(['relay', 'intake', 'outbound'], { SMTP_URL: smtp.url, MAIL_FROM: 'ctp@example.com', UNSUBSCRIBE_SECRET: secret, SURVEY_LINK_BASE: 'https://survey.example/answer/', CLOCK_START: daytime }, 'outbound_messages_e2e');
    store = await createEventStore(postgresUrl(), { schema: stack.schema });
  });
  afterAll(async () => {
    await store?.close();
    await stack?.stop();
    await smtp?.stop();
  });

  const register = async (customerId: string, consents: readonly string[], locale?: 'en' | 'zh-CN') => {
    const response = await registerCustomer(stack, customerId, { consents, ...(locale ? { locale } : {}) });
    expect(response.status, await response.clone().text()).toBe(202);
  };
  const invite = (customerId: string) => inviteCustomer(stack, store, customerId);
  const outcomes = (customerId: string) => messageOutcomes(store, customerId);
  const mailsTo = async (customerId: string) => (await smtp.received()).filter((mail) => mail.to.includes(`${customerId.toLowerCase()}@example.com`));

  it('consent sends the invitation in the customer’s language from the recorded template version; none suppresses it; the mail’s unsubscribe link withdraws the consent', async () => {
    const [consenting, silent] = [`C-${randomUUID().slice(0, 8)}`, `C-${randomUUID().slice(0, 8)}`];
    await register(consenting, ['survey'], 'en');
    await register(silent, ['marketing']);
    const first = await invite(consenting);
    await invite(silent);

    const [mail] = await eventually(async () => ((await mailsTo(consenting)).length > 0 ? mailsTo(consenting) : undefined), 'the invitation e-mail', () => stack.service('outbound').output(), 60_000);
    const body = mail!.raw.replaceAll('=\r\n', '').replaceAll('=3D', '=');
    expect(mail!.raw).toContain('Subject: How did we do?');
    expect(body).toContain(`https://survey.example/answer/${first}`);
    const sent = await eventually(async () => (await outcomes(consenting)).find(({ type }) => type === 'CustomerMessageSent'), 'CustomerMessageSent', () => stack.service('outbound').output());
    expect(sent.data).toMatchObject({ kind: 'survey_invitation', purpose: 'survey', template: { kind: 'survey_invitation', version: 1, locale: 'en' }, channel: 'email', cause: { type: 'SurveyInvited' } });
    expect(mail!.raw).toContain(`Message-ID: ${String(sent.data.providerMessageId)}`);

    const suppressed = await eventually(async () => (await outcomes(silent)).find(({ type }) => type === 'CustomerMessageSuppressed'), 'the suppression of the invitation without consent', () => stack.service('outbound').output());
    expect(suppressed.data).toMatchObject({ kind: 'survey_invitation', purpose: 'survey', reason: 'no_consent' });
    expect(await mailsTo(silent)).toEqual([]);

    const link = /^List-Unsubscribe: <([^>]+)>/m.exec(mail!.raw.replaceAll(/\r\n[ \t]+/g, ' '))?.[1];
    expect(link).toBeDefined();
    expect(body).toContain(link);
    const confirmed = await fetch(link!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(await confirmed.json()).toMatchObject({ customerId: consenting, purpose: 'survey', withdrawn: true });
    const customerStream = await store.readStream(streamIdFor('customer', consenting));
    expect(customerStream.map(({ type, data }) => [type, (data as { purpose?: string }).purpose])).toContainEqual(['ConsentWithdrawn', 'survey']);

    await invite(consenting);
    const second = await eventually(async () => (await outcomes(consenting)).find(({ type }) => type === 'CustomerMessageSuppressed'), 'the next invitation suppressed', () => stack.service('outbound').output());
    expect(second.data).toMatchObject({ reason: 'no_consent' });
    expect(await mailsTo(consenting)).toHaveLength(1);
  });
});
