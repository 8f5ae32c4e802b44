import type { CustomerChannelName } from '@ctp/contracts';
import nodemailer from 'nodemailer';

export interface OutgoingMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Also offered to mail clients as List-Unsubscribe with one-click POST (RFC 8058). */
  readonly unsubscribeUrl: string;
}

/** The provider port: one adapter per channel; a send answers the provider's message id or throws why it failed. */
export interface CustomerChannel {
  readonly channel: CustomerChannelName;
  send(message: OutgoingMessage): Promise<string>;
  close(): void;
}

/** E-mail through SMTP (nodemailer): `smtp://host:port`, or smtps://, with user:password@ when the server asks. */
export function emailChannel(url: string, from: string): CustomerChannel {
  const transport = nodemailer.createTransport(url);
  return {
    channel: 'email',
    send: async ({ to, subject, text, unsubscribeUrl }) =>
      (await transport.sendMail({ from, to, subject, text, headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } })).messageId,
    close: () => transport.close(),
  };
}

/**
 * SMS through an HTTP gateway: `POST <url>` with `{ to, text }`; a 2xx answer whose JSON names `messageId` is a send,
 * anything else a failure with the status and the start of the answer. The subject is not sent (SMS has none).
 */
export function smsChannel(url: string, timeoutMs: number): CustomerChannel {
  return {
    channel: 'sms',
    async send({ to, text }) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to, text }), signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      const answer = await response.text();
      if (!response.ok) throw new Error(`SMS gateway answered HTTP ${response.status}: ${answer.slice(0, 200)}`);
      const messageId = (() => {
        try {
          return (JSON.parse(answer) as { messageId?: unknown }).messageId;
        } catch {
          return undefined;
        }
      })();
      if (typeof messageId !== 'string' || messageId.length === 0) throw new Error(`SMS gateway answered without a messageId: ${answer.slice(0, 200)}`);
      return messageId;
    },
    close: () => undefined,
  };
}
