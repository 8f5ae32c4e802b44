// The development mailbox: keeps every message it is sent as an .eml file, so the system scripts/start.sh starts
// delivers its e-mail somewhere one can read it (outbound's SMTP_URL points here in development).
// Usage: node services/outbound/dev/mailbox.mjs <port> <directory>
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { startSmtpSink } from './smtp-sink.mjs';

const [port = '1025', directory = '.local/mail'] = process.argv.slice(2);
const log = (fields) => process.stdout.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), service: 'mailbox', ...fields })}\n`);
mkdirSync(directory, { recursive: true });
let kept = 0;

const server = startSmtpSink(
  port,
  ({ to, raw }) => {
    const file = join(directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${++kept}.eml`);
    writeFileSync(file, raw);
    log({ to, file, msg: 'mail kept' });
  },
  () => log({ port: Number(port), directory, msg: 'mailbox listening' }),
);
server.on('error', (error) => log({ level: 'error', err: error.message, msg: 'mailbox error' }));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
