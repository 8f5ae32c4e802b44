// An SMTP server on loopback that hands each message it accepts, whole, to `keep`: the development mailbox's and the
// tests' receiver. It accepts any sender and recipient without authentication, so never for production.
import { Buffer } from 'node:buffer';
import { SMTPServer } from 'smtp-server';

/** Listens on 127.0.0.1:port; `keep({ to, raw })` may throw, which refuses the message. */
export function startSmtpSink(port, keep, onListening) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        try {
          keep({ to: session.envelope.rcptTo.map((address) => address.address), raw: Buffer.concat(chunks) });
        } catch (error) {
          return callback(error);
        }
        callback();
      });
    },
  });
  server.listen(Number(port), '127.0.0.1', onListening);
  return server;
}
