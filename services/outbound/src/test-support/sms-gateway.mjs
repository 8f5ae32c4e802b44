// An SMS gateway stand-in run as its own process by the tests: `node sms-gateway.mjs <port> <file>`.
// POST / with { to, text } answers 200 { messageId }; POST /down answers 503. Each request is appended to <file>.
import { Buffer } from 'node:buffer';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import process from 'node:process';

const [port, file] = process.argv.slice(2);
let sent = 0;
createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const down = request.url === '/down';
    appendFileSync(file, `${JSON.stringify({ path: request.url, body: Buffer.concat(chunks).toString('utf8'), answered: down ? 503 : 200 })}\n`);
    if (down) return response.writeHead(503, { 'content-type': 'text/plain' }).end('gateway unavailable');
    sent += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId: `sms-${sent}` }));
  });
}).listen(Number(port), '127.0.0.1', () => process.stdout.write(`sms gateway listening on ${port}\n`));
