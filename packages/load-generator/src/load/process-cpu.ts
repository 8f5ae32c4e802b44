import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`; 100 on Linux everywhere we run). */
const ticksPerSecond = 100;

interface ProcessStat {
  readonly pid: number;
  readonly parent: number;
  /** User and system CPU seconds so far. */
  readonly cpuSeconds: number;
}

async function statOf(pid: number): Promise<ProcessStat | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  // Fields after the command name (which may hold spaces and parentheses): state, ppid, ... utime (14th), stime (15th).
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, parent: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond };
}

/** CPU seconds used so far by each named process and the processes under it (PostgreSQL's backends, say). */
export async function cpuSecondsByName(pids: ReadonlyMap<string, number>): Promise<Map<string, number>> {
  const all = (await Promise.all((await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map((name) => statOf(Number(name))))).filter((stat) => stat !== null);
  const children = new Map<number, ProcessStat[]>();
  for (const stat of all) children.set(stat.parent, [...(children.get(stat.parent) ?? []), stat]);
  const byPid = new Map(all.map((stat) => [stat.pid, stat]));
  const treeSeconds = (pid: number): number => (byPid.get(pid)?.cpuSeconds ?? 0) + (children.get(pid) ?? []).reduce((sum, child) => sum + treeSeconds(child.pid), 0);
  return new Map([...pids].filter(([, pid]) => byPid.has(pid)).map(([name, pid]) => [name, treeSeconds(pid)]));
}

/** The processes whose pid files lie in `directories` (`<name>.pid`), by name. */
export async function pidFiles(directories: readonly string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const directory of directories) {
    const names = await readdir(directory).catch(() => [] as string[]);
    for (const name of names.filter((file) => file.endsWith('.pid'))) {
      const pid = Number((await readFile(join(directory, name), 'utf8')).trim());
      if (Number.isInteger(pid) && pid > 0) found.set(basename(name, '.pid'), pid);
    }
  }
  return found;
}
