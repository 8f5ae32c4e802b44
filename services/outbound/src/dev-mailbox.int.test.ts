import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort } from '@ctp/test-kit';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe("the development mailbox (dev/mailbox.mjs, where scripts/start.sh points outbound's e-mail)", () => {
  let directory: string;
  let port: number;
  let mailbox: ChildProcess;
  let output = '';

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ctp-mailbox-'));
    port = await freePort();
    mailbox = spawn(process.execPath, [join(import.meta.dirname, '../dev/mailbox.mjs'), String(port), join(directory, 'mail')], { stdio: ['ignore', 'pipe', 'pipe'] });
    mailbox.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    mailbox.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(async () => (output.includes('mailbox listening') ? true : undefined), 'the mailbox to listen', () => output);
  });
  afterAll(async () => {
    if (mailbox.exitCode === null) {
      mailbox.kill('SIGTERM');
      await once(mailbox, 'exit');
    }
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps each message as an .eml file and logs whom it was for', async () => {
    const transport = nodemailer.createTransport(`smtp://127.0.0.1:${port}`);
    for (const subject of ['Your case K-1 was answered', 'How did we do?']) await transport.sendMail({ from: 'ctp-outbound@localhost', to: 'li.na@example.com', subject, text: 'hello' });
    const files = await eventually(async () => {
      const found = (await readdir(join(directory, 'mail'))).filter((name) => name.endsWith('.eml')).sort();
      return found.length === 2 ? found : undefined;
    }, 'two .eml files', () => output);
    const messages = await Promise.all(files.map((file) => readFile(join(directory, 'mail', file), 'utf8')));
    expect(messages.map((message) => /^Subject: (.*)$/m.exec(message)?.[1]).sort()).toEqual(['How did we do?', 'Your case K-1 was answered']);
    expect(messages.every((message) => /^To: li\.na@example\.com$/m.test(message))).toBe(true);
    expect(output.match(/"msg":"mail kept"/g)).toHaveLength(2);
    expect(output).toContain('"to":["li.na@example.com"]');
  });

  it('stops cleanly on SIGTERM', async () => {
    mailbox.kill('SIGTERM');
    const [code] = (await once(mailbox, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
