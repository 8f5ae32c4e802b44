import type { BatchObservableCallback, Meter } from '@opentelemetry/api';
import type { StatusReport } from '../admin/operations.js';

export interface Observation {
  readonly metric: 'lag' | 'eventsPerSecond' | 'parked' | 'timers' | 'timerDelay' | 'residentMemory' | 'liveHeap';
  readonly value: number;
  readonly attributes: Record<string, string>;
}

/** The figures of `GET /v1/admin/status` as metric observations; a figure Kafka could not give is left out, not reported as 0. */
export function statusObservations(report: StatusReport, now: Date): Observation[] {
  const observations: Observation[] = [];
  for (const consumer of report.consumers) {
    const attributes = { consumer: consumer.name, kind: consumer.kind };
    if (consumer.lag !== null) observations.push({ metric: 'lag', value: consumer.lag, attributes });
    if (consumer.eventsPerSecond !== null) observations.push({ metric: 'eventsPerSecond', value: consumer.eventsPerSecond, attributes });
    if (consumer.parked !== null) observations.push({ metric: 'parked', value: consumer.parked, attributes });
  }
  for (const timer of report.timers) {
    const attributes = { table: timer.table, timer_kind: timer.kind };
    for (const state of ['due', 'failing', 'parked'] as const) observations.push({ metric: 'timers', value: timer[state], attributes: { ...attributes, state } });
    const delay = timer.oldestDueAt === null ? 0 : Math.max(0, (now.getTime() - Date.parse(timer.oldestDueAt)) / 1_000);
    observations.push({ metric: 'timerDelay', value: delay, attributes });
  }
  observations.push({ metric: 'residentMemory', value: report.memory.rssBytes, attributes: {} });
  if (report.memory.liveHeapBytes !== null) observations.push({ metric: 'liveHeap', value: report.memory.liveHeapBytes, attributes: {} });
  return observations;
}

/** Gauges of consumers' lag, rate and parked dead letters, of timers and of the process's memory, observed from the status at each scrape; returns their removal. */
export function observeOperations(meter: Meter, status: () => Promise<StatusReport>, clock: () => Date): () => void {
  const gauges = {
    lag: meter.createObservableGauge('ctp.consumer.lag', { description: 'Events on Kafka a read model or reactor has not consumed yet', unit: '{event}' }),
    eventsPerSecond: meter.createObservableGauge('ctp.consumer.events_per_second', { description: 'Events a read model or reactor consumed per second, recently', unit: '{event}/s' }),
    parked: meter.createObservableGauge('ctp.consumer.parked', { description: 'Dead letters a read model or reactor parked and nobody redrove yet', unit: '{event}' }),
    timers: meter.createObservableGauge('ctp.timers', { description: 'Timers due now, failing (pending after a failed attempt) or parked, per kind', unit: '{timer}' }),
    timerDelay: meter.createObservableGauge('ctp.timer.delay', { description: 'How long the oldest due timer of a kind has waited past its due time (0 when none is due)', unit: 's' }),
    residentMemory: meter.createObservableGauge('process.memory.usage', { description: 'The process’s resident set size', unit: 'By' }),
    liveHeap: meter.createObservableGauge('ctp.heap.live', { description: 'The V8 old generation as the last major collection left it: what a leak makes grow', unit: 'By' }),
  };
  const callback: BatchObservableCallback = async (observer) => {
    for (const observation of statusObservations(await status(), clock())) observer.observe(gauges[observation.metric], observation.value, observation.attributes);
  };
  const all = Object.values(gauges);
  meter.addBatchObservableCallback(callback, all);
  return () => meter.removeBatchObservableCallback(callback, all);
}
