#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from '../commands/run.js';

/** .local/dev-keys.json of the repository the tool is run in (or above), as the start script writes it. */
function readDevKeys(): string | null {
  for (let directory = process.cwd(); ; directory = dirname(directory)) {
    const file = join(directory, '.local', 'dev-keys.json');
    if (existsSync(file)) return readFileSync(file, 'utf8');
    if (dirname(directory) === directory) return null;
  }
}

let lastProgress = '';
const terminal = process.stderr.isTTY === true;
const code = await run(process.argv.slice(2), {
  out: (text) => {
    if (terminal && lastProgress) process.stderr.write('\n');
    lastProgress = '';
    process.stdout.write(`${text}\n`);
  },
  err: (text) => process.stderr.write(`${text}\n`),
  progress: (text) => {
    if (text === lastProgress) return;
    process.stderr.write(terminal ? `\r${text}\u001b[K` : `${text}\n`);
    lastProgress = text;
  },
  environment: process.env,
  readDevKeys,
  pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});
process.exitCode = code;
