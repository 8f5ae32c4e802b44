// The development mailbox: an SMTP server on loopback that keeps every message it is sent as an .eml file, so the
// system scripts/start.sh starts delivers its e-mail somewhere one can read it (outbound's SMTP_URL points here in
// development). Not for production: it accepts any sender and recipient without authentication.
// Usage: node services/outbound/dev/mailbox.mjs <port> <directory>
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { SMTPServer } from 'smtp-server';

const [port = '1025', directory = '.local/mail'] = process.argv.slice(2);
const log = (fields) => process.stdout.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), service: 'mailbox', ...fields })}\n`);
mkdirSync(directory, { recursive: true });
let kept = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('error', callback);
    stream.on('end', () => {
      const file = join(directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${++kept}.eml`);
      try {
        writeFileSync(file, Buffer.concat(chunks));
      } catch (error) {
        return callback(error);
      }
      log({ to: session.envelope.rcptTo.map((address) => address.address), file, msg: 'mail kept' });
      callback();
    });
  },
});
server.on('error', (error) => log({ level: 'error', err: error.message, msg: 'mailbox error' }));
server.listen(Number(port), '127.0.0.1', () => log({ port: Number(port), directory, msg: 'mailbox listening' }));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
