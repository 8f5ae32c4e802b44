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

  /**
   * `script`: the SMTP receiver by default; sms-gateway.mjs starts the SMS gateway stand-in the same way. `port`: a
   * given one, e.g. the one a service was told about while nothing listened there yet.
   */
  static async start(script = 'smtp-receiver.mjs', port?: number): Promise<SmtpProcess> {
    port ??= await freePort();
    const file = join(await mkdtemp(join(tmpdir(), 'ctp-smtp-')), 'mail.jsonl');
    const child = spawn(process.execPath, [join(import.meta.dirname, script), String(port), file], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
      child.once('exit', (code) => reject(new Error(`the SMTP server exited with ${code}`)));
    });
    return new SmtpProcess(port, file, child);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The SMS gateway stand-in's address (when started with sms-gateway.mjs). */
  httpUrl(path = ''): string {
    return `http://127.0.0.1:${this.port}/${path}`;
  }

  async received(): Promise<ReceivedMail[]> {
    return this.lines<ReceivedMail>();
  }

  /** What the process wrote to its file, one JSON value a line. */
  async lines<T>(): Promise<T[]> {
    const text = await readFile(this.file, 'utf8').catch(() => '');
    return text.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as T);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGKILL');
    await once(this.child, 'exit');
  }
}

/** The SMS gateway stand-in (sms-gateway.mjs): a process like the SMTP server's, its requests read back with lines(). */
export const startSmsGateway = () => SmtpProcess.start('sms-gateway.mjs');
