import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Role, Target } from './operations.js';
import { parseSettings, usage } from './options.js';
import { planOperations } from './plan.js';
import { cpuSecondsByName, pidFiles } from './process-cpu.js';
import { loadReport } from './report.js';
import { runLoad } from './run-load.js';

export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly signal: AbortSignal;
}

/** The command: 0 when every operation was accepted and shown by its read models, 1 when not, 2 for bad arguments. */
export async function main(args: readonly string[], io: Io): Promise<number> {
  if (args.includes('--help')) return void io.stdout.write(usage), 0;
  const settings = parseSettings(args);
  if ('problems' in settings) {
    io.stderr.write(`${settings.problems.join('\n')}\n\n${usage}`);
    return 2;
  }
  const keys = JSON.parse(await readFile(settings.keysFile, 'utf8').catch(() => '{}')) as Partial<Record<Role, string>>;
  const missing = (['integrator', 'agent', 'analyst'] as const).filter((role) => !keys[role]);
  if (missing.length > 0) {
    io.stderr.write(`--keys ${settings.keysFile}: no key for ${missing.join(', ')} (start the system with bash scripts/start.sh, which writes them)\n`);
    return 2;
  }
  const target: Target = { urls: settings.urls, keys: keys as Record<Role, string> };
  const operations = planOperations({ seed: settings.seed, count: settings.count, customers: settings.customers, runId: randomUUID().slice(0, 8) });
  const pids = await pidFiles(settings.pidDirectories);
  const cpuBefore = await cpuSecondsByName(pids);
  io.stderr.write(`sending ${operations.length} operations at ${settings.rate}/s for at most ${settings.seconds} s (seed ${settings.seed})\n`);
  const result = await runLoad({ target, operations, ratePerSecond: settings.rate, seconds: settings.seconds, visibleWithinMs: settings.visibleWithinMs, signal: io.signal });
  const cpuAfter = await cpuSecondsByName(pids);
  const cpu = [...cpuAfter].filter(([name]) => cpuBefore.has(name)).map(([name, seconds]) => ({ name, seconds: seconds - cpuBefore.get(name)! }));
  io.stdout.write(loadReport(result, cpu, settings.rate));
  const clean = Object.keys(result.errors).length === 0 && Object.keys(result.notVisible).length === 0;
  return clean ? 0 : 1;
}
