import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@ctp/test-kit';

export interface ReceivedMail {
  readonly to: readonly string[];
  readonly raw: string;
}

/** The SMTP server process (smtp-receiver.mjs): what it accepted, read back from its file. */
export class SmtpProcess {
  private constructor(
    readonly port: number,
    private readonly file: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<SmtpProcess> {
    const port = await freePort();
    const file = join(await mkdtemp(join(tmpdir(), 'ctp-smtp-')), 'mail.jsonl');
    const child = spawn(process.execPath, [join(import.meta.dirname, 'smtp-receiver.mjs'), String(port), file], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
      child.once('exit', (code) => reject(new Error(`the SMTP server exited with ${code}`)));
    });
    return new SmtpProcess(port, file, child);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async received(): Promise<ReceivedMail[]> {
    const text = await readFile(this.file, 'utf8').catch(() => '');
    return text.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as ReceivedMail);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGKILL');
    await once(this.child, 'exit');
  }
}
