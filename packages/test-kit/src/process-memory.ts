import { readFile } from 'node:fs/promises';

/** A process's resident memory now and at its peak (VmRSS and VmHWM of /proc/<pid>/status), in KiB. */
export interface ProcessMemory {
  readonly rssKiB: number;
  readonly peakKiB: number;
}

/** The process's memory from /proc; null once it has exited (or on a system without /proc). */
export async function processMemoryOf(pid: number): Promise<ProcessMemory | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status ?? '')?.[1] ?? Number.NaN);
  const [rssKiB, peakKiB] = [kib('VmRSS'), kib('VmHWM')];
  return Number.isNaN(rssKiB) ? null : { rssKiB, peakKiB };
}

export const mebibytes = (kib: number) => Math.round(kib / 1024);
