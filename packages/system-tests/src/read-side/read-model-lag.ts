import type { ServiceProcess } from '@ctp/test-kit';
import { timeLagMs, type LagSample } from '@ctp/event-bus';

export interface ReadModelReading {
  readonly name: string;
  readonly lagEvents: number;
  readonly position: string | null;
  readonly head: string | null;
  readonly partitions: readonly { readonly highWatermark: string }[];
}

/** A service's read models as `GET /v1/read-models` tells them; throws, saying why, when it answers anything else. */
async function readModelsOf(service: ServiceProcess, analystKey: string): Promise<ReadModelReading[]> {
  const response = await fetch(`${service.baseUrl}/v1/read-models`, { headers: { authorization: `Bearer ${analystKey}` } });
  const body = await response.text();
  const readModels = response.ok ? (JSON.parse(body) as { readModels?: ReadModelReading[] }).readModels : undefined;
  if (!readModels) throw new Error(`${service.name}'s GET /v1/read-models answered ${response.status}: ${body.slice(0, 300)}`);
  return readModels;
}

export interface LagFigures {
  /** The largest time behind the head while the import ran, and after it ended (ms, at one-second resolution). */
  readonly duringMs: number;
  readonly afterMs: number;
  /** When the largest time behind during the import was read, in ms since the sampling started. */
  readonly duringPeakAtMs: number;
  readonly mostEventsBehind: number;
  /** The readings taken, and those more than `slowMs` behind the head. */
  readonly readings: number;
  readonly readingsBeyond: number;
}

/** One reading of every service: the read models of those that answered, and why the others did not. */
export interface LagReading {
  readonly models: readonly ReadModelReading[];
  readonly failures: readonly string[];
}

/**
 * Reads every service's read models once a second until stopped, and keeps for each the most it fell behind the
 * head in time (timeLagMs) and in events, before and after `importEnded` is called. `nextReading` waits for the next.
 */
export function sampleLag(
  services: readonly ServiceProcess[],
  analystKey: string,
  slowMs = 5_000,
): { importEnded(): void; nextReading(): Promise<LagReading>; stop(): Promise<Map<string, LagFigures>> } {
  const samples = new Map<string, LagSample[]>();
  const figures = new Map<string, { -readonly [K in keyof LagFigures]: LagFigures[K] }>();
  const startedAt = performance.now();
  let waiting: ((reading: LagReading) => void)[] = [];
  let ended = false;
  let stopped = false;
  const sampleOnce = async () => {
    // Each service on its own: one too busy to answer leaves out only its own readings.
    const answers = await Promise.allSettled(services.map(async (service) => (await readModelsOf(service, analystKey)).map((reading) => ({ key: `${service.name}/${reading.name}`, reading }))));
    const at = performance.now();
    const read = answers.flatMap((answer) => (answer.status === 'fulfilled' ? answer.value : []));
    const failures = answers.flatMap((answer) => (answer.status === 'rejected' ? [String(answer.reason)] : []));
    for (const resolve of waiting) resolve({ models: read.map(({ reading }) => reading), failures });
    waiting = [];
    for (const { key, reading } of read) {
      const produced = reading.partitions.reduce((sum, partition) => sum + Number(partition.highWatermark), 0);
      const history = samples.get(key) ?? [];
      history.push({ at, produced, consumed: produced - reading.lagEvents });
      samples.set(key, history);
      const behindMs = timeLagMs(history);
      const figure = figures.get(key) ?? { duringMs: 0, afterMs: 0, duringPeakAtMs: 0, mostEventsBehind: 0, readings: 0, readingsBeyond: 0 };
      if (ended) figure.afterMs = Math.max(figure.afterMs, behindMs);
      else if (behindMs > figure.duringMs) [figure.duringMs, figure.duringPeakAtMs] = [behindMs, at - startedAt];
      figure.mostEventsBehind = Math.max(figure.mostEventsBehind, reading.lagEvents);
      figure.readings += 1;
      if (behindMs > slowMs) figure.readingsBeyond += 1;
      figures.set(key, figure);
    }
  };
  const loop = (async () => {
    while (!stopped) {
      const next = performance.now() + 1_000;
      await sampleOnce();
      await new Promise((tick) => setTimeout(tick, Math.max(0, next - performance.now())));
    }
  })();
  return {
    importEnded: () => void (ended = true),
    nextReading: () => new Promise((resolve) => waiting.push(resolve)),
    async stop() {
      stopped = true;
      await loop;
      return figures;
    },
  };
}
