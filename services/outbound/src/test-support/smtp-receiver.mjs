// An SMTP server run as its own process by the notification tests: `node smtp-receiver.mjs <port> <file>`.
// Every message it accepts is appended to <file> as one JSON line: envelope recipients and the raw message.
import { Buffer } from 'node:buffer';
import { appendFileSync } from 'node:fs';
import process from 'node:process';
import { SMTPServer } from 'smtp-server';

const [port, file] = process.argv.slice(2);
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      appendFileSync(file, `${JSON.stringify({ to: session.envelope.rcptTo.map((address) => address.address), raw: Buffer.concat(chunks).toString('utf8') })}\n`);
      callback();
    });
  },
});
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`smtp listening on ${port}\n`));
