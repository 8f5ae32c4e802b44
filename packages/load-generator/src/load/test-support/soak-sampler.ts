import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventStore } from '@ctp/event-store';
import { processMemoryOf, type ServiceStack } from '@ctp/test-kit';
import type { ProcessReading, SoakSample } from '../soak.js';

/** Clock ticks per second of /proc's CPU times (as process-cpu.ts). */
const ticksPerSecond = 100;

async function cpuSeconds(pid: number): Promise<number | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** The main process of each server infra/infra started with `CTP_INFRA_STATE_DIR` (its `run/<server>.pid`), read again at each sample: a restarted server has a new pid. */
export async function serverPids(stateDir: string, names: readonly string[] = ['postgres', 'kafka', 'ferretdb']): Promise<Map<string, number>> {
  const found = await Promise.all(names.map(async (name) => [name, Number((await readFile(join(stateDir, 'run', `${name}.pid`), 'utf8').catch(() => '')).trim())] as const));
  return new Map(found.filter(([, pid]) => Number.isInteger(pid) && pid > 0));
}

export interface SoakSamplerOptions {
  readonly stack: ServiceStack;
  readonly store: EventStore;
  /** The stack's processes sampled (their pids from the stack, a new one after each restart). */
  readonly processes: readonly string[];
  /** The services asked for their consumers' lag (GET /v1/admin/status). */
  readonly services: readonly string[];
  /** The servers' processes, found again at each sample (a restarted server has a new pid). */
  readonly serverPids?: () => Promise<Map<string, number>>;
  /** Seconds since the load began. */
  readonly elapsedSeconds: () => number;
  /** When each process's current incarnation started, in the same seconds (absent: when the soak began, 0). */
  readonly startedAtSeconds: (name: string) => number;
  readonly accepted: () => number;
}

const percentile99 = (values: readonly number[]) => {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] ?? null;
};

/**
 * Takes a soak's samples: each process's RSS (/proc/<pid>/status VmRSS), CPU since its sample before and, for a
 * service, the live heap its status reports (what its last major collection left alive), each
 * read model's and reactor's lag (its service's GET /v1/admin/status), the relay's (store head minus what it
 * published) and the accepted -> visible p99 of the writes `visible` was told of since the sample before.
 */
export function soakSampler(options: SoakSamplerOptions) {
  const lastCpu = new Map<string, { pid: number; seconds: number; at: number }>();
  let visible: number[] = [];
  const status = async (service: string) => {
    const answer = await options.stack.call(service, 'GET', '/v1/admin/status', 'admin').catch(() => undefined);
    if (answer?.status !== 200) return null;
    return (await answer.json()) as { consumers: { name: string; lag: number | null; head: string | null }[]; memory?: { liveHeapBytes: number | null } };
  };
  const reading = async (name: string, pid: number | undefined, at: number, liveHeapBytes: number | null): Promise<ProcessReading> => {
    const upSeconds = at - options.startedAtSeconds(name);
    const liveHeapKiB = liveHeapBytes === null ? null : liveHeapBytes / 1024;
    if (pid === undefined) return { rssKiB: null, cpuPercent: null, upSeconds, liveHeapKiB: null };
    const [memory, seconds] = await Promise.all([processMemoryOf(pid), cpuSeconds(pid)]);
    const before = lastCpu.get(name);
    if (seconds !== null) lastCpu.set(name, { pid, seconds, at });
    const cpuPercent = seconds !== null && before?.pid === pid && at > before.at ? (100 * (seconds - before.seconds)) / (at - before.at) : null;
    return { rssKiB: memory?.rssKiB ?? null, cpuPercent, upSeconds, liveHeapKiB };
  };
  return {
    visible(ms: number) {
      visible.push(ms);
    },
    async sample(): Promise<SoakSample> {
      const at = options.elapsedSeconds();
      const servers = (await options.serverPids?.().catch(() => new Map<string, number>())) ?? new Map<string, number>();
      const pids: [string, number | undefined][] = [
        ...options.processes.map((name): [string, number | undefined] => {
          const child = options.stack.service(name).child;
          return [name, child.exitCode === null && child.signalCode === null ? child.pid : undefined];
        }),
        ...[...servers].map(([name, pid]): [string, number] => [name, pid]),
      ];
      const [head, statuses] = await Promise.all([options.store.headPosition().catch(() => null), Promise.all(options.services.map(status))]);
      const liveHeap = (name: string) => statuses[options.services.indexOf(name)]?.memory?.liveHeapBytes ?? null;
      const processes = Object.fromEntries(await Promise.all(pids.map(async ([name, pid]) => [name, await reading(name, pid, at, liveHeap(name))] as const)));
      const lag: Record<string, number | null> = {};
      for (const [index, service] of options.services.entries()) {
        const found = statuses[index];
        if (!found) lag[`${service} (status unreadable)`] = null;
        for (const consumer of found?.consumers ?? []) lag[`${service} ${consumer.name}`] = consumer.lag;
      }
      // Each service reports the position the relay published as its consumers' head.
      const published = statuses.flatMap((found) => found?.consumers ?? []).map(({ head: position }) => position).find((position) => position !== null);
      lag.relay = head === null || published === undefined ? null : Math.max(0, Number(head) - Number(published));
      const visibleP99Ms = percentile99(visible);
      visible = [];
      return { atSeconds: at, processes, lag, visibleP99Ms, accepted: options.accepted() };
    },
  };
}
