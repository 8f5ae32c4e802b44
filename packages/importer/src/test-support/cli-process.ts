import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

const cli = resolve(import.meta.dirname, '../../dist/bin/ctp-import.js');

export interface CliRun {
  readonly child: ChildProcess;
  readonly finished: Promise<CliResult>;
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built ctp-import as its own process, as an integrator would. */
export function startCli(args: readonly string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr }));
  return { child, finished };
}

export const runCli = (args: readonly string[], env?: Record<string, string>) => startCli(args, env).finished;

/** The numbers of the closing summary, by label: `accepted 2990` gives { accepted: 2990 }. */
export function summaryNumbers(stdout: string): Record<string, number> {
  const numbers: Record<string, number> = {};
  for (const match of stdout.matchAll(/^(rows read|settled|accepted|duplicates|rejected|retried)\s+(\d+)/gm)) numbers[match[1]!] = Number(match[2]);
  return numbers;
}
