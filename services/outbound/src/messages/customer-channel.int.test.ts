import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpProcess, startSmsGateway } from '../test-support/smtp-process.js';
import { emailChannel, smsChannel } from './customer-channel.js';

const message = { to: 'li.wei@example.com', subject: '请评价我们的服务', text: '李伟，您好：\nhttps://s.example/I-1', unsubscribeUrl: 'http://127.0.0.1:8081/v1/unsubscribe/abc.def' };

describe('customer channels against real servers: SMTP e-mail and an HTTP SMS gateway', () => {
  let smtp: SmtpProcess;
  let gateway: SmtpProcess;
  beforeAll(async () => {
    [smtp, gateway] = await Promise.all([SmtpProcess.start(), startSmsGateway()]);
  });
  afterAll(async () => {
    await smtp?.stop();
    await gateway?.stop();
  });

  it('e-mail: the SMTP server takes the message, with one-click unsubscribe headers; the answer is its message id', async () => {
    const channel = emailChannel(smtp.url, 'ctp@example.com');
    const messageId = await channel.send(message);
    channel.close();
    expect(messageId).toMatch(/^<.+@.+>$/);
    const [mail] = await smtp.received();
    expect(mail!.to).toEqual(['li.wei@example.com']);
    expect(mail!.raw).toContain(`Message-ID: ${messageId}`);
    expect(mail!.raw).toContain(`List-Unsubscribe: <${message.unsubscribeUrl}>`);
    expect(mail!.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('e-mail to a server that is down fails with the reason', async () => {
    const down = await SmtpProcess.start();
    await down.stop();
    const channel = emailChannel(down.url, 'ctp@example.com');
    await expect(channel.send(message)).rejects.toThrow(/ECONNREFUSED/);
    channel.close();
  });

  it("SMS: the gateway gets { to, text } and answers its message id; a gateway error fails with its status", async () => {
    expect(await smsChannel(gateway.httpUrl(), 5_000).send({ ...message, to: '+8613800138000' })).toBe('sms-1');
    const [request] = await gateway.lines<{ body: string }>();
    expect(JSON.parse(request!.body)).toEqual({ to: '+8613800138000', text: message.text });
    await expect(smsChannel(gateway.httpUrl('down'), 5_000).send(message)).rejects.toThrow('SMS gateway answered HTTP 503: gateway unavailable');
  });
});
