import { describe, expect, it } from 'vitest';
import { formatDuration, formatTable } from './table.js';
import { replayOutcome, allHealthy, jobOutcome, jobsView, lettersView, progressLine, redriveView, statusView, type ServiceStatus } from './views.js';

const consumer = { kind: 'read-model' as const, name: 'intake-customer-summary', state: 'running', position: '120', head: '125', lag: 5, eventsPerSecond: 40, members: 1, parked: 0, healthy: true, problems: [] };

describe('ctp-ops output', () => {
  it('aligns a table, numbers to the right, a missing value as -', () => {
    expect(formatTable(['NAME', 'LAG'], [['a', 5], ['longer', null], ['b', 120]])).toBe(['NAME    LAG', 'a         5', 'longer    -', 'b       120'].join('\n'));
  });

  it('writes durations short', () => {
    expect([formatDuration(0), formatDuration(95), formatDuration(4000), formatDuration(null)]).toEqual(['0s', '1m35s', '1h06m40s', '?']);
  });

  it('shows the status of every service with each problem, and says whether all is healthy', () => {
    const statuses: ServiceStatus[] = [
      { service: 'intake', report: { service: 'intake', healthy: false, consumers: [consumer, { ...consumer, kind: 'reactor', name: 'intake-erasures', state: 'stopped', position: null, members: 0, healthy: false, problems: ['consumer stopped'] }], timers: [] } },
      { service: 'sla', unreachable: 'sla does not answer at http://127.0.0.1:8083: connect ECONNREFUSED' },
    ];
    const view = statusView(statuses);
    expect(view.split('\n').slice(0, 4)).toEqual([
      'SERVICE  KIND        NAME                     STATE        POSITION  HEAD  LAG  EV/S  MEMBERS  PARKED  HEALTH',
      'intake   read-model  intake-customer-summary  running      120       125     5    40        1       0  ok',
      'intake   reactor     intake-erasures          stopped      -         125     5    40        0       0  UNHEALTHY',
      'sla      -           -                        unreachable  -         -       -     -        -       -  UNHEALTHY',
    ]);
    expect(view).toContain('! intake intake-erasures: consumer stopped');
    expect(view).toContain('! sla: sla does not answer');
    expect(allHealthy(statuses)).toBe(false);
    expect(allHealthy([{ service: 'intake', report: { service: 'intake', healthy: true, consumers: [consumer], timers: [] } }])).toBe(true);
    expect(statusView([{ service: 'intake', report: { service: 'intake', healthy: true, consumers: [consumer], timers: [] } }])).toMatch(/\n\nall healthy$/);
    expect(statusView([{ service: 'relay', report: { service: 'relay', healthy: true, consumers: [], timers: [] } }]).split('\n')[1]).toBe('relay    -     -     answering         -     -    -     -        -       -  ok');
  });

  it("shows each service's memory when its status reports it", () => {
    const memory = { rssBytes: 300 * 1024 * 1024, heapUsedBytes: 120 * 1024 * 1024, liveHeapBytes: 80 * 1024 * 1024, majorCollections: 12 };
    const view = statusView([
      { service: 'analytics', report: { service: 'analytics', healthy: true, consumers: [consumer], timers: [], memory } },
      { service: 'sla', report: { service: 'sla', healthy: true, consumers: [consumer], timers: [], memory: { ...memory, liveHeapBytes: null, majorCollections: 0 } } },
    ]);
    expect(view).toContain(['SERVICE    RSS MIB  HEAP USED MIB  LIVE HEAP MIB  MAJOR GCS', 'analytics      300            120             80         12', 'sla            300            120              -          0'].join('\n'));
  });

  it('draws a rebuild’s progress and reports its switch-over or failure', () => {
    expect(progressLine({ id: 'j', state: 'running', progress: { phase: 'building', version: 2, percent: 48, events: 12345, eventsPerSecond: 2100, etaSeconds: 5 }, result: null, error: null })).toBe(
      'building v2  [##########..........]  48.0%  12,345 events  2,100 ev/s  ETA 5s',
    );
    expect(progressLine({ id: 'j', state: 'running', progress: null, result: null, error: null })).toBe('starting  [....................]  ?%  0 events  ? ev/s  ETA ?');
    expect(jobOutcome('totals', { id: 'j', state: 'succeeded', progress: null, result: { switchedTo: 3, previous: 2, events: 1500, durationMs: 61_000 }, error: null })).toBe(
      'switched totals over to version 3 after 1,500 events in 1m01s; version 2 is kept until you drop it',
    );
    expect(jobOutcome('totals', { id: 'j', state: 'interrupted', progress: null, result: null, error: 'the service stopped while the job ran' })).toBe(
      'rebuild of totals interrupted: the service stopped while the job ran; the active version is untouched',
    );
  });

  it('reports a replay and what its reactions appended', () => {
    const job = (appended: unknown[]) => ({ id: 'j', state: 'succeeded', progress: null, error: null, result: { from: '100', to: '180', replayed: 1200, appendedCount: appended.length, appended } });
    expect(replayOutcome('sla-clocks', job([]))).toBe('replayed 1,200 events of sla-clocks from position 100 to 180; the reactions appended nothing new');
    expect(replayOutcome('sla-clocks', job([{ id: 'e-9', type: 'ClockStarted', streamId: 'case-1', globalPosition: '181', causationId: 'e-1' }])).split('\n')).toEqual([
      'replayed 1,200 events of sla-clocks from position 100 to 180; the reactions appended 1 event(s)',
      'POSITION  STREAM  TYPE          EVENT  CAUSED BY',
      '181       case-1  ClockStarted  e-9    e-1',
    ]);
    expect(replayOutcome('sla-clocks', { id: 'j', state: 'failed', progress: null, result: null, error: 'boom' })).toBe('replay of sla-clocks failed: boom');
  });

  it('lists dead letters and a redrive’s outcome', () => {
    expect(lettersView('sla-clocks', 0, [])).toBe('sla-clocks: no dead letters parked');
    const listed = lettersView('sla-clocks', 2, [{ partition: 1, offset: '7', eventId: 'e-1', eventType: 'CaseOpened', streamId: 'case-1', globalPosition: '42', reason: 'handler_failed', error: { name: 'TypeError', message: 'boom' }, attempts: 3 }]);
    expect(listed.split('\n')).toEqual([
      'sla-clocks: 2 dead letter(s) parked (the first 1 shown)',
      'PARTITION  OFFSET  POSITION  STREAM  EVENT  TYPE        REASON          ATTEMPTS  ERROR',
      '        1  7       42        case-1  e-1    CaseOpened  handler_failed         3  TypeError: boom',
    ]);
    expect(redriveView({ consumer: 'c', redriven: 2, applied: 1, reparked: 1, unblocked: [], stillBlocked: ['case-1'] })).toBe('c: redriven 2, applied 1, parked again 1\nunblocked streams: none\nstill blocked: case-1');
  });

  it('lists jobs newest first with what each came to', () => {
    expect(jobsView([])).toBe('no jobs');
    const rebuild = { id: 'j-2', kind: 'rebuild', target: 'rebuild:totals', startedAt: '2026-03-02T10:05:00.000Z', state: 'succeeded', progress: null, error: null, result: { switchedTo: 3, previous: 2, events: 1500 } };
    const replay = { id: 'j-1', kind: 'replay', target: 'replay:sla-clocks', startedAt: '2026-03-02T10:00:00.000Z', state: 'succeeded', progress: null, error: null, result: { from: '100', to: '180', replayed: 12, appendedCount: 0 } };
    const failed = { ...replay, id: 'j-0', state: 'interrupted', result: null, error: 'the service stopped while the job ran' };
    expect(jobsView([rebuild, replay, failed]).split('\n')).toEqual([
      'STARTED                   KIND     TARGET      STATE        JOB  OUTCOME',
      '2026-03-02T10:05:00.000Z  rebuild  totals      succeeded    j-2  switched to v3 (v2 kept) after 1500 events',
      '2026-03-02T10:00:00.000Z  replay   sla-clocks  succeeded    j-1  replayed 12 events 100..180, appended 0',
      '2026-03-02T10:00:00.000Z  replay   sla-clocks  interrupted  j-0  the service stopped while the job ran',
    ]);
  });
});
