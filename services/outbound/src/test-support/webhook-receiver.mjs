// A webhook receiver run as its own process by the end-to-end tests: `node webhook-receiver.mjs <port> <dir>`.
// Every request it answers is appended to <dir>/received.jsonl (path, headers, raw body); a path answers 500
// while a file <dir>/<first path segment>.down exists, so a test can make one target fail and recover.
import { Buffer } from 'node:buffer';
import { appendFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import process from 'node:process';

const [port, dir] = process.argv.slice(2);
createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const segment = (request.url ?? '/').split('/')[1] ?? '';
    const failing = existsSync(join(dir, `${segment}.down`));
    appendFileSync(join(dir, 'received.jsonl'), `${JSON.stringify({ path: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered: failing ? 500 : 200 })}\n`);
    response.writeHead(failing ? 500 : 200, { 'content-type': 'text/plain' }).end(failing ? 'down' : 'ok');
  });
}).listen(Number(port), '127.0.0.1', () => process.stdout.write(`receiver listening on ${port}\n`));
