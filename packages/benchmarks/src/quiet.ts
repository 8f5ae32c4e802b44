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
 * Waits until a service's process has settled: under `share` of a core over `windowMs`. A row is timed on a system
 * at rest, not while the service's background work (followers catching up on the fill just appended, a count set off
 * by the row before) still runs beside the calls.
 */
export async function untilQuiet(pid: number, what: string, { share = 0.1, windowMs = 500, timeoutMs = 1_800_000 } = {}): Promise<void> {
  let sample = { at: performance.now(), cpuMs: await cpuMsOf(pid) };
  await until(async () => {
    const next = { at: performance.now(), cpuMs: await cpuMsOf(pid) };
    if (next.at - sample.at < windowMs) return false;
    const busy = (next.cpuMs - sample.cpuMs) / (next.at - sample.at);
    sample = next;
    return busy < share;
  }, timeoutMs, `${what} settling (under ${share * 100} % of a core over ${windowMs} ms)`, windowMs);
}
