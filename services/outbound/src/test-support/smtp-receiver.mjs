// An SMTP server run as its own process by the notification tests: `node smtp-receiver.mjs <port> <file>`.
// Every message it accepts is appended to <file> as one JSON line: envelope recipients and the raw message.
import { appendFileSync } from 'node:fs';
import process from 'node:process';
import { startSmtpSink } from '../../dev/smtp-sink.mjs';

const [port, file] = process.argv.slice(2);
startSmtpSink(
  port,
  ({ to, raw }) => appendFileSync(file, `${JSON.stringify({ to, raw: raw.toString('utf8') })}\n`),
  () => process.stdout.write(`smtp listening on ${port}\n`),
);
