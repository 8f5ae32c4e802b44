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

/** The machine's CPU ticks so far, all cores together, from /proc/stat: busy (everything but idle and iowait) and in all. */
export interface MachineTicks {
  readonly busy: number;
  readonly total: number;
}

export function machineTicksOf(procStat: string): MachineTicks {
  const [, ...fields] = procStat.slice(0, procStat.indexOf('\n')).trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal (guest times are already counted in user and nice)
  const ticks = fields.slice(0, 8).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  return { busy: total - ticks[3]! - ticks[4]!, total };
}

/** The share of the machine's CPU (0 to 1, all cores) that was busy between two readings. */
export const busyShareBetween = (before: MachineTicks, after: MachineTicks) => (after.total === before.total ? 0 : (after.busy - before.busy) / (after.total - before.total));

export interface QuietOptions {
  /** Each service process under this share of a core over the window. */
  readonly share?: number;
  readonly windowMs?: number;
  readonly timeoutMs?: number;
  /** The machine as a whole (every process, the servers among them) under this share of all its cores over the window… */
  readonly machineShare?: number;
  /** …waited for at most this long: a machine kept busy by something else (a CI lane beside the run) does not hold the run. */
  readonly machineWaitMs?: number;
}

/** How the machine was over the last window before the row: its busy share, and whether it had settled under the share asked. */
export interface Settled {
  readonly machineBusy: number;
  readonly machineSettled: boolean;
}

/**
 * Waits until the services' processes have settled (each under `share` of a core over the same `windowMs`) and the
 * machine has too (under `machineShare` of its cores, for at most `machineWaitMs`). A row is timed on a system at
 * rest, not while a service's background work (followers catching up on the fill just appended, a count set off by
 * the row before) or a server's (PostgreSQL's autovacuum after the fill, FerretDB) still runs beside the calls.
 */
export async function untilQuiet(pids: readonly number[], { share = 0.1, windowMs = 500, timeoutMs = 1_800_000, machineShare = 0.3, machineWaitMs = 0 }: QuietOptions = {}): Promise<Settled> {
  const sampled = async () => ({ at: performance.now(), cpuMs: await Promise.all(pids.map(cpuMsOf)), machine: machineTicksOf(await readFile('/proc/stat', 'utf8')) });
  const machineDeadline = performance.now() + machineWaitMs;
  let sample = await sampled();
  let settled: Settled = { machineBusy: 1, machineSettled: false };
  await until(async () => {
    const next = await sampled();
    const elapsed = next.at - sample.at;
    if (elapsed < windowMs) return false;
    const servicesQuiet = next.cpuMs.every((cpuMs, n) => (cpuMs - sample.cpuMs[n]!) / elapsed < share);
    const machineBusy = busyShareBetween(sample.machine, next.machine);
    settled = { machineBusy, machineSettled: machineBusy < machineShare };
    sample = next;
    return servicesQuiet && (settled.machineSettled || next.at > machineDeadline);
  }, timeoutMs, `the services settling (each under ${share * 100} % of a core over ${windowMs} ms)`, windowMs);
  return settled;
}
