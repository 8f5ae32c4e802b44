import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly answered: number;
}

/** The receiver process (webhook-receiver.mjs): started and stopped by the test, its requests read back from its file. */
export class ReceiverProcess {
  private child: ChildProcess | null = null;

  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  url(path: string): string {
    return `http://127.0.0.1:${this.port}/${path}`;
  }

  /** Starts it unless it runs already. */
  async start(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return;
    const child = spawn(process.execPath, [join(import.meta.dirname, 'webhook-receiver.mjs'), String(this.port), this.dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
      child.once('exit', (code) => reject(new Error(`the receiver exited with ${code}`)));
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }

  /** Makes every path under /<segment> answer 500 (true) or 200 again (false). */
  async failing(segment: string, down: boolean): Promise<void> {
    const flag = join(this.dir, `${segment}.down`);
    await (down ? writeFile(flag, '') : rm(flag, { force: true }));
  }

  async received(): Promise<ReceivedRequest[]> {
    const text = await readFile(join(this.dir, 'received.jsonl'), 'utf8').catch(() => '');
    return text.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as ReceivedRequest);
  }
}
