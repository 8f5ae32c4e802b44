import nodemailer from 'nodemailer';

export interface Mailer {
  /** Sends one plain-text message; answers the SMTP server's message id. */
  send(message: { readonly to: string; readonly subject: string; readonly text: string }): Promise<string>;
  close(): void;
}

/** SMTP through nodemailer: `smtp://host:port` (or smtps://, with user:password@ when the server asks). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    send: async (message) => (await transport.sendMail({ from, ...message })).messageId,
    close: () => transport.close(),
  };
}
