import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../admin/operations.js';
import { statusObservations } from './operations-metrics.js';

const consumer = { consumerGroup: 'g', state: 'running', position: null, head: null, members: 1, healthy: true, problems: [] };
const timer = { table: 'tasks_timers', kind: 'follow-up', pending: 4, healthy: true, problems: [] };
const memory = { rssBytes: 180_000_000, heapUsedBytes: 90_000_000, liveHeapBytes: 60_000_000, majorCollections: 4 };

describe('statusObservations', () => {
  it('turns consumers and timer kinds into gauges, leaving out what Kafka could not say', () => {
    const report: StatusReport = {
      service: 'tasks',
      healthy: false,
      consumers: [
        { ...consumer, kind: 'read-model', name: 'task-list', lag: 12, eventsPerSecond: 3.5, parked: 1 },
        { ...consumer, kind: 'reactor', name: 'reminders', lag: null, eventsPerSecond: null, parked: null },
      ],
      timers: [
        { ...timer, due: 2, failing: 1, parked: 0, oldestDueAt: '2026-03-02T10:00:00.000Z' },
        { ...timer, kind: 'expiry', due: 0, failing: 0, parked: 3, oldestDueAt: null },
      ],
      memory,
    };
    expect(statusObservations(report, new Date('2026-03-02T10:01:30.000Z'))).toEqual([
      { metric: 'lag', value: 12, attributes: { consumer: 'task-list', kind: 'read-model' } },
      { metric: 'eventsPerSecond', value: 3.5, attributes: { consumer: 'task-list', kind: 'read-model' } },
      { metric: 'parked', value: 1, attributes: { consumer: 'task-list', kind: 'read-model' } },
      { metric: 'timers', value: 2, attributes: { table: 'tasks_timers', timer_kind: 'follow-up', state: 'due' } },
      { metric: 'timers', value: 1, attributes: { table: 'tasks_timers', timer_kind: 'follow-up', state: 'failing' } },
      { metric: 'timers', value: 0, attributes: { table: 'tasks_timers', timer_kind: 'follow-up', state: 'parked' } },
      { metric: 'timerDelay', value: 90, attributes: { table: 'tasks_timers', timer_kind: 'follow-up' } },
      { metric: 'timers', value: 0, attributes: { table: 'tasks_timers', timer_kind: 'expiry', state: 'due' } },
      { metric: 'timers', value: 0, attributes: { table: 'tasks_timers', timer_kind: 'expiry', state: 'failing' } },
      { metric: 'timers', value: 3, attributes: { table: 'tasks_timers', timer_kind: 'expiry', state: 'parked' } },
      { metric: 'timerDelay', value: 0, attributes: { table: 'tasks_timers', timer_kind: 'expiry' } },
      { metric: 'residentMemory', value: 180_000_000, attributes: {} },
      { metric: 'liveHeap', value: 60_000_000, attributes: {} },
    ]);
  });

  it('never reports a negative delay when the clock is behind the database', () => {
    const report: StatusReport = { service: 's', healthy: true, consumers: [], timers: [{ ...timer, due: 1, failing: 0, parked: 0, oldestDueAt: '2026-03-02T10:00:05.000Z' }], memory: { ...memory, liveHeapBytes: null } };
    expect(statusObservations(report, new Date('2026-03-02T10:00:00.000Z')).find((o) => o.metric === 'timerDelay')?.value).toBe(0);
  });

  it('leaves the live heap out before the first major collection', () => {
    const report: StatusReport = { service: 's', healthy: true, consumers: [], timers: [], memory: { ...memory, liveHeapBytes: null } };
    expect(statusObservations(report, new Date()).map((o) => o.metric)).toEqual(['residentMemory']);
  });
});
