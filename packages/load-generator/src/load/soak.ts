/** One process at one sample of a soak: its resident memory and its CPU since the sample before. */
export interface ProcessReading {
  /** VmRSS of /proc/<pid>/status, in KiB; null when the process was not running at that moment. */
  readonly rssKiB: number | null;
  /** CPU used since the last sample of the same process (same pid), in percent of one core; null for its first sample. */
  readonly cpuPercent: number | null;
  /** Seconds since this incarnation of the process started (a process killed and started again counts afresh). */
  readonly upSeconds: number;
  /** What its last major collection left alive (a service's GET /v1/admin/status), in KiB; null when not reported. */
  readonly liveHeapKiB: number | null;
}

/** Everything a soak records every sampling interval. */
export interface SoakSample {
  /** Seconds since the load began. */
  readonly atSeconds: number;
  readonly processes: Readonly<Record<string, ProcessReading>>;
  /**
   * Events not applied yet, per read model or reactor (Kafka's events not yet consumed by its group, as
   * GET /v1/admin/status reports them) and for the relay (the store's head position minus the position it published);
   * null when it could not be read at that moment (its service or a server away).
   */
  readonly lag: Readonly<Record<string, number | null>>;
  /** Accepted -> visible of the writes that became visible since the sample before, p99 in ms; null when none did. */
  readonly visibleP99Ms: number | null;
  /** Operations accepted so far. */
  readonly accepted: number;
}

/** A fault the soak made: a process killed (SIGKILL) or a server stopped and started again. */
export interface SoakFault {
  readonly atSeconds: number;
  readonly kind: 'kill' | 'server restart';
  readonly target: string;
  /** From the fault until the process answered ready again (a kill) or the server was up again (a restart). */
  readonly backAfterSeconds: number | null;
}

export interface FlatnessOptions {
  /** How long the soak ran, in seconds. */
  readonly durationSeconds: number;
  /** Samples of a process younger than this (since the soak began or since it was last started) are warm-up and not compared. */
  readonly warmUpSeconds: number;
  /** How long the first and the last windows compared are. */
  readonly windowSeconds: number;
  /** The last window's median memory may exceed the first's by at most this fraction (0.2: 20 %). */
  readonly memoryGrowth: number;
  /** "Caught up": every lag at or under this many events. */
  readonly lagEvents: number;
  /** Each fault's lag must be back under `lagEvents` within this long. */
  readonly recoverySeconds: number;
  /** The processes whose memory decides "flat" (absent: every one sampled); the others' (the servers') are shown only. */
  readonly judged?: readonly string[];
}

/**
 * The windows a soak of `durationSeconds` compares: after a warm-up of 5 minutes (a fifth of a shorter run), the
 * first and the last 10 minutes (a third of what is left, on a shorter run).
 */
export function flatnessOptions(durationSeconds: number): FlatnessOptions {
  const warmUpSeconds = Math.min(300, durationSeconds / 5);
  return { durationSeconds, warmUpSeconds, windowSeconds: Math.min(600, (durationSeconds - warmUpSeconds) / 3), memoryGrowth: 0.2, lagEvents: 100, recoverySeconds: 180 };
}

export interface MemoryVerdict {
  readonly process: string;
  /** What was compared: the live heap where the process reports one in both windows, else its RSS. */
  readonly measure: 'live heap' | 'RSS';
  readonly firstMedianKiB: number | null;
  readonly lastMedianKiB: number | null;
  /** Last over first, minus one (0.1: grew 10 %). */
  readonly growth: number | null;
  readonly flat: boolean;
  /** Whether it counts in the verdict (`FlatnessOptions.judged`). */
  readonly judged: boolean;
  readonly why: string;
}

export interface LagVerdict {
  readonly fault: SoakFault | null;
  /** Seconds from the fault until the first sample with every lag under the bound; null if none came in time. */
  readonly caughtUpAfterSeconds: number | null;
  readonly flat: boolean;
  readonly why: string;
}

export interface Flatness {
  readonly memory: readonly MemoryVerdict[];
  readonly lag: readonly LagVerdict[];
  readonly memoryFlat: boolean;
  readonly lagFlat: boolean;
  readonly flat: boolean;
}

export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The largest lag of a sample, null when one of them could not be read. */
export const largestLag = (sample: SoakSample): number | null => {
  const lags = Object.values(sample.lag);
  return lags.length === 0 || lags.some((lag) => lag === null) ? null : Math.max(...(lags as number[]));
};

/**
 * The largest lag as a report shows it, with the read models that hold it (when above 0); when some lag could not be
 * read, the largest of the others and the names of those.
 */
export const lagText = (sample: SoakSample): string => {
  const entries = Object.entries(sample.lag);
  const readable = entries.flatMap(([name, lag]) => (lag === null ? [] : [{ name, lag }]));
  const unreadable = entries.flatMap(([name, lag]) => (lag === null ? [name] : []));
  const largest = readable.length > 0 ? Math.max(...readable.map(({ lag }) => lag)) : null;
  const holders = readable.filter(({ lag }) => lag === largest && lag > 0).map(({ name }) => name);
  const text = `${largest ?? '-'}${holders.length > 0 ? ` (${holders.join(', ')})` : ''}`;
  return unreadable.length === 0 && entries.length > 0 ? text : `${text}, unreadable: ${unreadable.length > 0 ? unreadable.join(', ') : 'none reported'}`;
};

export interface LagHolder {
  readonly name: string;
  readonly largest: number;
  readonly largestAtSeconds: number;
  /** Samples in which its lag was over the bound. */
  readonly samplesOver: number;
  /** Its lag at the last sample where it was read. */
  readonly last: number | null;
}

/** Each read model's, reactor's and the relay's lag over the run, those over the bound longest first: which one holds a backlog. */
export function lagHolders(samples: readonly SoakSample[], lagEvents: number): LagHolder[] {
  const names = [...new Set(samples.flatMap((sample) => Object.keys(sample.lag)))];
  return names
    .map((name) => {
      const read = samples.flatMap((sample) => (sample.lag[name] == null ? [] : [{ at: sample.atSeconds, lag: sample.lag[name]! }]));
      const top = read.reduce<{ at: number; lag: number } | undefined>((best, entry) => (best === undefined || entry.lag > best.lag ? entry : best), undefined);
      return { name, largest: top?.lag ?? 0, largestAtSeconds: top?.at ?? 0, samplesOver: read.filter(({ lag }) => lag > lagEvents).length, last: read.at(-1)?.lag ?? null };
    })
    .filter(({ largest }) => largest > 0)
    .toSorted((a, b) => b.samplesOver - a.samplesOver || b.largest - a.largest || a.name.localeCompare(b.name));
}

type Window = { readonly first: number | null; readonly last: number | null };

/** The medians of a process's `measure` in the first window after the warm-up and in the last one (its own warm-up skipped too). */
function windowMedians(process: string, samples: readonly SoakSample[], options: FlatnessOptions, measure: (reading: ProcessReading) => number | null): Window {
  const readings = samples.flatMap((sample) => {
    const reading = sample.processes[process];
    const value = reading ? measure(reading) : null;
    return value != null && reading!.upSeconds >= options.warmUpSeconds && sample.atSeconds >= options.warmUpSeconds ? [{ at: sample.atSeconds, value }] : [];
  });
  const firstEnd = options.warmUpSeconds + options.windowSeconds;
  const lastStart = options.durationSeconds - options.windowSeconds;
  return { first: median(readings.filter(({ at }) => at <= firstEnd).map(({ value }) => value)), last: median(readings.filter(({ at }) => at >= lastStart).map(({ value }) => value)) };
}

function memoryVerdict(process: string, samples: readonly SoakSample[], options: FlatnessOptions): MemoryVerdict {
  const judged = options.judged?.includes(process) ?? true;
  const heap = windowMedians(process, samples, options, (reading) => reading.liveHeapKiB);
  const measure = heap.first !== null && heap.last !== null ? 'live heap' : 'RSS';
  const { first, last } = measure === 'live heap' ? heap : windowMedians(process, samples, options, (reading) => reading.rssKiB);
  if (first === null || last === null) {
    return { process, measure, firstMedianKiB: first, lastMedianKiB: last, growth: null, flat: false, judged, why: `no sample past its warm-up in the ${first === null ? 'first' : 'last'} window` };
  }
  const growth = last / first - 1;
  const flat = growth <= options.memoryGrowth;
  return { process, measure, firstMedianKiB: first, lastMedianKiB: last, growth, flat, judged, why: `${measure} ${flat ? 'within' : 'MORE than'} ${Math.round(options.memoryGrowth * 100)} % (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %)` };
}

function lagAfter(fault: SoakFault | null, from: number, samples: readonly SoakSample[], options: FlatnessOptions): LagVerdict {
  const caughtUp = samples.find((sample) => sample.atSeconds >= from && (largestLag(sample) ?? Number.POSITIVE_INFINITY) <= options.lagEvents);
  const after = caughtUp ? caughtUp.atSeconds - from : null;
  if (after !== null && after <= options.recoverySeconds) return { fault, caughtUpAfterSeconds: after, flat: true, why: `every lag under ${options.lagEvents} events ${after.toFixed(0)} s after` };
  return { fault, caughtUpAfterSeconds: after, flat: false, why: after === null ? `lag never back under ${options.lagEvents} events` : `lag back under ${options.lagEvents} events only ${after.toFixed(0)} s after (more than ${options.recoverySeconds} s)` };
}

/**
 * Whether a soak's memory and lag stayed flat:
 * - memory: for each process judged (`options.judged`, by default every one), the median of its samples in the last window is at most `memoryGrowth` above the
 *   median of its samples in the first window after the warm-up (a sample taken before the process had run
 *   `warmUpSeconds`, since the soak began or since a kill started it again, is not compared). The measure is the live heap
 *   (what the last major collection left) where the process reports one in both windows: V8 lets garbage pile up in its
 *   heap until it decides to collect, so a service's RSS swings by hundreds of MiB without a single object retained
 *   (docs/drills.md); otherwise its RSS;
 * - lag: after each fault, every read model's, reactor's and the relay's lag is back at or under `lagEvents`
 *   within `recoverySeconds` (at the first sample where all of them are), and the last sample's lag is under it too.
 */
export function judgeFlatness(samples: readonly SoakSample[], faults: readonly SoakFault[], options: FlatnessOptions): Flatness {
  const processes = [...new Set(samples.flatMap((sample) => Object.keys(sample.processes)))].toSorted();
  const memory = processes.map((process) => memoryVerdict(process, samples, options));
  const last = samples.at(-1);
  const lastLag = last ? largestLag(last) : null;
  const ending: LagVerdict = {
    fault: null,
    caughtUpAfterSeconds: null,
    flat: lastLag !== null && lastLag <= options.lagEvents,
    why: last === undefined ? 'no sample' : `the last sample's largest lag ${lastLag ?? 'unreadable'}${lastLag !== null && lastLag <= options.lagEvents ? ' is' : ' is NOT'} under ${options.lagEvents} events`,
  };
  const lag = [...faults.map((fault) => lagAfter(fault, fault.atSeconds + (fault.backAfterSeconds ?? 0), samples, options)), ending];
  const memoryFlat = memory.some(({ judged }) => judged) && memory.every(({ flat, judged }) => flat || !judged);
  const lagFlat = lag.every(({ flat }) => flat);
  return { memory, lag, memoryFlat, lagFlat, flat: memoryFlat && lagFlat };
}

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
const mib = (kib: number | null | undefined) => (kib == null ? '-' : (kib / 1024).toFixed(0));
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;

export interface SoakReportInput {
  readonly title: string;
  /** Lines said first (the run's settings, the machine). */
  readonly preamble: readonly string[];
  readonly samples: readonly SoakSample[];
  readonly faults: readonly SoakFault[];
  readonly flatness: Flatness;
  readonly options: FlatnessOptions;
  /** Lines said last (the load's report, the reconciliation). */
  readonly closing: readonly string[];
}

/** The soak's report in markdown: per process first/middle/last/min/max, every sample, the faults, and the verdicts with their definitions. */
export function soakReport({ title, preamble, samples, faults, flatness, options, closing }: SoakReportInput): string {
  const processes = [...new Set(samples.flatMap((sample) => Object.keys(sample.processes)))];
  const lags = [...new Set(samples.flatMap((sample) => Object.keys(sample.lag)))].toSorted();
  const middle = samples[Math.floor((samples.length - 1) / 2)];
  const rssOf = (sample: SoakSample | undefined, process: string) => sample?.processes[process]?.rssKiB ?? null;
  const lines = [`# ${title}`, '', ...preamble, ''];
  lines.push(`## Verdict: ${flatness.flat ? 'FLAT' : 'NOT FLAT'} (memory ${flatness.memoryFlat ? 'flat' : 'NOT flat'}, lag ${flatness.lagFlat ? 'flat' : 'NOT flat'})`, '');
  lines.push(
    `Flat means: (memory) for every process${options.judged ? ` judged (${options.judged.join(', ')})` : ''}, the median of its samples in the last ${clock(options.windowSeconds)} (min:s) is at most ${Math.round(options.memoryGrowth * 100)} % above the median of its samples in the first ${clock(options.windowSeconds)} after a warm-up of ${clock(options.warmUpSeconds)}, of its live heap (what its last major collection left alive, GET /v1/admin/status) where it reports one, else of its RSS; a sample of a process younger than the warm-up (it was killed and started again) is not compared;`,
    `(lag) after every fault, every read model's, reactor's and the relay's lag is back at or under ${options.lagEvents} events within ${options.recoverySeconds} s, and so at the last sample. Lag: Kafka events a consumer group has not consumed (GET /v1/admin/status), and for the relay the store's head position minus the position it published.`,
    '',
  );
  lines.push('### Memory per process (MiB)', '', row(['process', 'RSS first', 'RSS middle', 'RSS last', 'RSS min', 'RSS max', 'live heap first / middle / last', 'first window median', 'last window median', 'verdict']), row(Array(10).fill('---')));
  for (const process of processes) {
    const all = samples.map((sample) => rssOf(sample, process)).filter((rss) => rss !== null);
    const heaps = [samples[0], middle, samples.at(-1)].map((sample) => mib(sample?.processes[process]?.liveHeapKiB));
    const verdict = flatness.memory.find((entry) => entry.process === process);
    lines.push(row([process, mib(rssOf(samples[0], process)), mib(rssOf(middle, process)), mib(rssOf(samples.at(-1), process)), mib(all.length ? Math.min(...all) : null), mib(all.length ? Math.max(...all) : null), heaps.join(' / '), mib(verdict?.firstMedianKiB), mib(verdict?.lastMedianKiB), verdict ? `${verdict.flat ? 'flat' : 'NOT flat'}${verdict.judged ? '' : ' (shown, not judged)'}: ${verdict.why}` : '-']));
  }
  lines.push('', '### Faults injected', '', row(['at (min:s)', 'fault', 'target', 'back after (s)', 'lag under the bound after (s)']), row(Array(5).fill('---')));
  if (faults.length === 0) lines.push(row(['-', 'none', '-', '-', '-']));
  for (const verdict of flatness.lag) {
    if (verdict.fault === null) continue;
    const { atSeconds, kind, target, backAfterSeconds } = verdict.fault;
    lines.push(row([clock(atSeconds), kind, target, backAfterSeconds === null ? '-' : backAfterSeconds.toFixed(1), verdict.flat ? (verdict.caughtUpAfterSeconds ?? 0).toFixed(0) : `NOT FLAT: ${verdict.why}`]));
  }
  const ending = flatness.lag.at(-1);
  if (ending) lines.push('', `At the end: ${ending.why}.`);
  lines.push('', '### Lag per read model', '', `Each consumer whose lag was ever above 0, those over ${options.lagEvents} events in the most samples first.`, '');
  lines.push(row(['consumer', 'largest lag', 'at (min:s)', `samples over ${options.lagEvents}`, 'last read']), row(Array(5).fill('---')));
  const holders = lagHolders(samples, options.lagEvents);
  if (holders.length === 0) lines.push(row(['none', '-', '-', '-', '-']));
  for (const holder of holders) lines.push(row([holder.name, holder.largest, clock(holder.largestAtSeconds), holder.samplesOver, holder.last ?? '-']));
  lines.push('', '### Samples', '', `RSS and live heap in MiB, CPU in % of one core since the sample before; lag in events (largest of ${lags.join(', ') || 'none'}).`, '');
  lines.push(row(['at (min:s)', 'accepted', ...processes.map((process) => `${process} RSS / live heap / CPU`), 'largest lag', 'relay lag', 'visible p99 (ms)']), row(Array(processes.length + 5).fill('---')));
  for (const sample of samples) {
    const cells = processes.map((process) => {
      const reading = sample.processes[process];
      return reading ? `${mib(reading.rssKiB)} / ${mib(reading.liveHeapKiB)} / ${reading.cpuPercent === null ? '-' : reading.cpuPercent.toFixed(0)}` : '-';
    });
    const relay = sample.lag.relay;
    lines.push(row([clock(sample.atSeconds), sample.accepted, ...cells, lagText(sample), relay === undefined || relay === null ? '-' : relay, sample.visibleP99Ms === null ? '-' : Math.round(sample.visibleP99Ms)]));
  }
  lines.push('', ...closing);
  return `${lines.join('\n')}\n`;
}

/** A fault's seeded moment: `count` instants drawn from `draw` (a seeded [0, 1) source) between `from` and `to` seconds, in order. */
export function faultMoments(draw: () => number, count: number, from: number, to: number): number[] {
  return Array.from({ length: count }, () => from + draw() * (to - from)).toSorted((a, b) => a - b);
}
