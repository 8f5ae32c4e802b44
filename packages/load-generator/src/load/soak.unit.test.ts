import { describe, expect, it } from 'vitest';
import { createRng } from '@ctp/synthetic-data';
import { faultMoments, flatnessOptions, judgeFlatness, lagHolders, lagText, median, soakReport, type SoakFault, type SoakSample } from './soak.js';

const hour = flatnessOptions(3_600);
/** A sample every 30 s for an hour: `rss(at)` KiB for each process (and `liveHeap(at)`), lag `lag(at)` for one read model and the relay. */
function run(
  rss: (at: number, process: string) => number,
  lag: (at: number) => number | null = () => 3,
  upSince: (process: string, at: number) => number = () => 0,
  liveHeap: (at: number, process: string) => number | null = () => null,
): SoakSample[] {
  return Array.from({ length: 121 }, (_, index) => {
    const at = index * 30;
    const processes = Object.fromEntries(['relay', 'intake'].map((process) => [process, { rssKiB: rss(at, process), cpuPercent: 5, upSeconds: at - upSince(process, at), liveHeapKiB: liveHeap(at, process) }]));
    return { atSeconds: at, processes, lag: { 'intake customer-summary': lag(at), relay: lag(at) === null ? null : 0 }, visibleP99Ms: 120, accepted: at * 4 };
  });
}

describe('a soak is flat', () => {
  it('defines its windows: after 5 minutes of warm-up, the first and the last 10 minutes (shorter runs in proportion)', () => {
    expect(hour).toMatchObject({ warmUpSeconds: 300, windowSeconds: 600, memoryGrowth: 0.2, lagEvents: 100, recoverySeconds: 180 });
    expect(flatnessOptions(180)).toMatchObject({ warmUpSeconds: 36, windowSeconds: 48 });
  });

  it('when every process keeps its memory within 20 % and the lag stays low', () => {
    const verdict = judgeFlatness(run((at) => 200_000 + (at % 300) * 10), [], hour);
    expect(verdict).toMatchObject({ flat: true, memoryFlat: true, lagFlat: true });
    expect(verdict.memory.map(({ process }) => process)).toEqual(['intake', 'relay']);
  });

  it('not when one process grows more than 20 % from the first 10 minutes after warm-up to the last 10', () => {
    const verdict = judgeFlatness(run((at, process) => (process === 'intake' ? 200_000 + at * 20 : 200_000)), [], hour);
    expect(verdict.memoryFlat).toBe(false);
    expect(verdict.memory.find(({ process }) => process === 'intake')).toMatchObject({ flat: false });
    expect(verdict.memory.find(({ process }) => process === 'relay')).toMatchObject({ flat: true, growth: 0 });
  });

  it('judges the live heap where a process reports one: its RSS swings with garbage not yet collected', () => {
    const swingingRss = (at: number) => 200_000 + (at > 2_400 ? 150_000 : 0);
    const flatHeap = judgeFlatness(run(swingingRss, () => 3, () => 0, (at, process) => (process === 'intake' ? 60_000 + (at % 90) * 10 : null)), [], hour);
    expect(flatHeap.memory.find(({ process }) => process === 'intake')).toMatchObject({ measure: 'live heap', flat: true, firstMedianKiB: 60_300 });
    expect(flatHeap.memory.find(({ process }) => process === 'relay')).toMatchObject({ measure: 'RSS', flat: false });
    const growingHeap = judgeFlatness(run(() => 200_000, () => 3, () => 0, (at) => 60_000 + at * 10), [], hour);
    expect(growingHeap.memory.find(({ process }) => process === 'intake')).toMatchObject({ measure: 'live heap', flat: false });
    expect(growingHeap.memory.find(({ process }) => process === 'intake')?.why).toContain('live heap MORE than 20 %');
  });

  it('falls back to RSS when a window has no live heap (the service never answered its status there)', () => {
    const verdict = judgeFlatness(run((at) => 200_000 + at * 20, () => 3, () => 0, (at) => (at < 1_800 ? 60_000 : null)), [], hour);
    expect(verdict.memory.find(({ process }) => process === 'intake')).toMatchObject({ measure: 'RSS', flat: false });
  });

  it('judges only the processes named, when named (the servers are shown, not judged)', () => {
    const samples = run((at, process) => (process === 'relay' ? 200_000 + at * 50 : 200_000));
    const verdict = judgeFlatness(samples, [], { ...hour, judged: ['intake'] });
    expect(verdict.memoryFlat).toBe(true);
    expect(verdict.memory.find(({ process }) => process === 'relay')).toMatchObject({ flat: false, judged: false });
    expect(judgeFlatness(samples, [], hour).memoryFlat).toBe(false);
  });

  it('ignores the warm-up: the first minutes of the run, and of a process started again after a kill', () => {
    // Starts at 50 MB and reaches 200 MB in 4 minutes: warm-up, not growth.
    expect(judgeFlatness(run((at) => Math.min(200_000, 50_000 + at * 625)), [], hour).memoryFlat).toBe(true);
    // Killed at 20 minutes and started again small: its first 5 minutes after the kill are not compared.
    const killedAt = 1_200;
    const samples = run((at) => (at >= killedAt && at < killedAt + 300 ? 60_000 : 200_000), () => 3, (_, at) => (at >= killedAt ? killedAt : 0));
    expect(judgeFlatness(samples, [], hour).memoryFlat).toBe(true);
  });

  it('lag: flat when it is back under the bound within 3 minutes of each fault (counted from when the process was back)', () => {
    const fault: SoakFault = { atSeconds: 1_000, kind: 'server restart', target: 'kafka', backAfterSeconds: 20 };
    const verdict = judgeFlatness(run(() => 200_000, (at) => (at >= 1_000 && at < 1_110 ? 5_000 : 3)), [fault], hour);
    expect(verdict.lagFlat).toBe(true);
    expect(verdict.lag[0]).toMatchObject({ fault, caughtUpAfterSeconds: 90, flat: true });
  });

  it('lag: not flat when it stays above the bound for longer, or when it could not be read, or at the end', () => {
    const fault: SoakFault = { atSeconds: 1_000, kind: 'kill', target: 'relay', backAfterSeconds: 2 };
    expect(judgeFlatness(run(() => 200_000, (at) => (at >= 1_000 && at < 1_500 ? 5_000 : 3)), [fault], hour).lag[0]).toMatchObject({ flat: false, caughtUpAfterSeconds: 498 });
    expect(judgeFlatness(run(() => 200_000, (at) => (at >= 1_000 && at < 1_500 ? null : 3)), [fault], hour).lagFlat).toBe(false);
    const growing = judgeFlatness(run(() => 200_000, (at) => at / 10), [], hour);
    expect(growing.lagFlat).toBe(false);
    expect(growing.lag.at(-1)?.why).toContain('is NOT under 100 events');
  });

  it('not flat, rather than guessed, when a window has no sample', () => {
    expect(judgeFlatness(run(() => 200_000).slice(0, 40), [], hour).memory[0]).toMatchObject({ flat: false, why: 'no sample past its warm-up in the last window' });
  });
});

describe('the soak report', () => {
  it('gives first, middle, last, min and max per process, the faults with their times, every sample and the verdict', () => {
    const samples = run((at) => 200_000 + at);
    const faults: SoakFault[] = [{ atSeconds: 754, kind: 'kill', target: 'intake', backAfterSeconds: 3.2 }];
    const report = soakReport({ title: 'Soak', preamble: ['machine'], samples, faults, flatness: judgeFlatness(samples, faults, hour), options: hour, closing: ['reconciled'] });
    expect(report).toContain('## Verdict: FLAT (memory flat, lag flat)');
    expect(report).toMatch(/\| intake \| 195 \| 197 \| 199 \| 195 \| 199 \| - \/ - \/ - \| 196 \| 199 \| flat: RSS within 20 % \(\+1\.\d %\) \|/);
    expect(report).toContain('| 12:34 | kill | intake | 3.2 | 23 |');
    expect(report.split('\n').filter((line) => /^\| \d+:\d\d \| \d+ \| /.test(line))).toHaveLength(121);
    expect(report.trimEnd().endsWith('reconciled')).toBe(true);
  });
});

describe('the lag of a sample as reported', () => {
  const sample = (lag: Record<string, number | null>): SoakSample => ({ atSeconds: 30, processes: {}, lag, visibleP99Ms: null, accepted: 0 });

  it('is the largest lag when every one was read, with the read models that hold it', () => {
    expect(lagText(sample({ 'intake customer-summary': 7, relay: 2 }))).toBe('7 (intake customer-summary)');
    expect(lagText(sample({ 'sla cases': 40, 'analytics service-levels': 40, relay: 2 }))).toBe('40 (sla cases, analytics service-levels)');
    expect(lagText(sample({ 'intake customer-summary': 0, relay: 0 }))).toBe('0');
  });

  it('names the lags that could not be read and still gives the largest of the others', () => {
    expect(lagText(sample({ 'intake customer-summary': 7, 'sla cases': null, relay: 2 }))).toBe('7 (intake customer-summary), unreadable: sla cases');
    expect(lagText(sample({ 'analytics (status unreadable)': null }))).toBe('-, unreadable: analytics (status unreadable)');
    expect(lagText(sample({}))).toBe('-, unreadable: none reported');
  });
});

describe('the lag per read model over a run', () => {
  const at = (atSeconds: number, lag: Record<string, number | null>): SoakSample => ({ atSeconds, processes: {}, lag, visibleP99Ms: null, accepted: 0 });
  const samples = [
    at(0, { 'sla cases': 5, 'analytics complaints': 0, relay: 0 }),
    at(30, { 'sla cases': 150, 'analytics complaints': 420, relay: 3 }),
    at(60, { 'sla cases': 180, 'analytics complaints': null, relay: 0 }),
    at(90, { 'sla cases': 120, 'analytics complaints': 60, relay: 0 }),
    at(120, { 'sla cases': 10, 'analytics complaints': 2, relay: 0 }),
  ];

  it('puts first the one over the bound in the most samples, with its largest lag, when, and its last reading', () => {
    expect(lagHolders(samples, 100)).toEqual([
      { name: 'sla cases', largest: 180, largestAtSeconds: 60, samplesOver: 3, last: 10 },
      { name: 'analytics complaints', largest: 420, largestAtSeconds: 30, samplesOver: 1, last: 2 },
      { name: 'relay', largest: 3, largestAtSeconds: 30, samplesOver: 0, last: 0 },
    ]);
  });

  it('is a table of the report', () => {
    const report = soakReport({ title: 'Soak', preamble: [], samples, faults: [], flatness: judgeFlatness(samples, [], hour), options: hour, closing: [] });
    expect(report).toContain('| sla cases | 180 | 1:00 | 3 | 10 |');
    expect(report).toContain('| analytics complaints | 420 | 0:30 | 1 | 2 |');
  });
});

describe('fault moments', () => {
  it('are the same for the same seed, in order, within the bounds', () => {
    const draw = (seed: string) => {
      const rng = createRng(seed, 'soak-faults');
      return faultMoments(() => rng.float(), 20, 360, 3_060);
    };
    expect(draw('soak')).toEqual(draw('soak'));
    expect(draw('soak')).not.toEqual(draw('other'));
    expect(draw('soak').every((at, index, all) => at >= 360 && at < 3_060 && (index === 0 || all[index - 1]! <= at))).toBe(true);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});
