import type { Meter } from '@opentelemetry/api';
import { constants, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/** Seconds: a scavenge (a millisecond or two) to a long mark-compact pause (a second). */
export const gcDurationBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

const gcTypes = new Map<number, string>([
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
]);

/** The collection's type as OpenTelemetry's `v8js.gc.type` names it. */
export function gcTypeOf(entry: PerformanceEntry): string {
  return gcTypes.get((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1) ?? 'unknown';
}

/**
 * `v8js.gc.duration`: every garbage collection's pause by type (OpenTelemetry's V8 runtime convention), so a
 * latency tail can be laid beside the process's pauses. Answers the function that stops observing.
 */
export function observeGarbageCollection(meter: Meter): () => void {
  const duration = meter.createHistogram('v8js.gc.duration', { description: 'Garbage collection pauses of the V8 heap', unit: 's' });
  const observer = new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) duration.record(entry.duration / 1_000, { 'v8js.gc.type': gcTypeOf(entry) });
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}

/**
 * `nodejs.eventloop.delay.max` and `.p99` (OpenTelemetry's Node.js runtime convention): how late the event loop ran
 * timers since the previous collection, so a process whose consumers stood still can be told blocked (a long
 * synchronous task) from starved. Answers the function that stops observing.
 */
export function observeEventLoopDelay(meter: Meter): () => void {
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  const max = meter.createObservableGauge('nodejs.eventloop.delay.max', { description: 'The longest event loop delay since the previous collection', unit: 's' });
  const p99 = meter.createObservableGauge('nodejs.eventloop.delay.p99', { description: 'The 99th percentile of event loop delays since the previous collection', unit: 's' });
  const collect = (observer: { observe(gauge: typeof max, value: number): void }) => {
    observer.observe(max, delay.max / 1e9);
    observer.observe(p99, delay.percentile(99) / 1e9);
    delay.reset();
  };
  meter.addBatchObservableCallback(collect, [max, p99]);
  return () => {
    meter.removeBatchObservableCallback(collect, [max, p99]);
    delay.disable();
  };
}
