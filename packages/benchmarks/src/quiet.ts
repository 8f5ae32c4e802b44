import { readFile } from 'node:fs/promises';
import { until } from './stats.js';

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const ticksPerSecond = 100;

/** CPU time (user and system, ms) a process has used so far, from /proc/<pid>/stat. */
async function cpuMsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th of them.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000) / ticksPerSecond;
}

/**
 * Waits until the services' processes have settled: each under `share` of a core over the same `windowMs`. A row is
 * timed on a system at rest, not while a service's background work (followers catching up on the fill just appended,
 * a count set off by the row before) still runs beside the calls.
 */
export async function untilQuiet(pids: readonly number[], { share = 0.1, windowMs = 500, timeoutMs = 1_800_000 } = {}): Promise<void> {
  const sampled = async () => ({ at: performance.now(), cpuMs: await Promise.all(pids.map(cpuMsOf)) });
  let sample = await sampled();
  await until(async () => {
    const next = await sampled();
    const elapsed = next.at - sample.at;
    if (elapsed < windowMs) return false;
    const quiet = next.cpuMs.every((cpuMs, n) => (cpuMs - sample.cpuMs[n]!) / elapsed < share);
    sample = next;
    return quiet;
  }, timeoutMs, `the services settling (each under ${share * 100} % of a core over ${windowMs} ms)`, windowMs);
}
