import type { TimersOptions, TimersResult } from './paths/timers.js';
import { markdownGrid, rate, textGrid, type Machine } from './report.js';

const head = ['row', 'firing delay p50 / p99 / max', 'ours (events/s, at the due rate / at capacity)', 'raw claim + append (events/s)', 'capacity/raw', 'target', 'met'];

export interface TimersReport {
  readonly text: string;
  readonly markdown: string;
  readonly details: readonly string[];
}

export function timersReport(result: TimersResult, options: Omit<TimersOptions, 'log'>): TimersReport {
  const { delays } = result;
  const ms = (value: number) => `${Math.round(value)}`;
  const row = [
    `sla clock timers: ${rate(options.due)} due in ${options.windowMs / 1000} s among ${rate(options.total)}`,
    `${ms(delays.p50)} / ${ms(delays.p99)} / ${ms(delays.max)} ms`,
    `${rate(result.eventsPerSecond)} / ${rate(result.burstEventsPerSecond)}`,
    rate(result.rawEventsPerSecond),
    `${(result.burstEventsPerSecond / result.rawEventsPerSecond).toFixed(2)}x`,
    'p99 < 5 s',
    delays.p99 < 5_000 && result.events === options.due ? 'yes' : 'NO',
  ];
  const details = [
    `- ${rate(result.pendingAtStart)} pending timers in the table when the worker started: ${rate(options.due)} breach timers due between the window's start and end, ${rate(result.burst)} due at one instant 2 s after it (the capacity phase), each on a real case stream (an email request opened 24 h before), the rest due two to three days later`,
    `- capacity phase: ${rate(result.burst)} due at once, drained at ${rate(result.burstEventsPerSecond)} events/s; their delays p50 ${ms(result.burstDelays.p50)} / p99 ${ms(result.burstDelays.p99)} / max ${ms(result.burstDelays.max)} ms`,
    `- ${result.workers} worker(s) in one process as main.ts wires them (poll ${result.pollMs} ms, batches of 10 each, the service's handler: read the case stream, take its SLA policy version and calendars (read at most once a second), decide, append SlaBreached at the due instant); ${rate(result.events)} SlaBreached recorded; firing delay = recordedAt - dueAt`,
    `- ours at the due rate: events / (last recordedAt - first dueAt), bounded by the rate timers fall due (${rate(options.due / (options.windowMs / 1000))}/s) while the worker keeps up; at capacity: the burst's events / (last recordedAt - their dueAt); raw: ${rate(options.due)} timers due at once, ${result.workers} loops each claiming 10 at a time, appending one prepared event to each case stream and marking it fired (no stream read, no rules, no decision)`,
    `- setup (not timed): ${result.setupSeconds.toFixed(1)} s`,
  ];
  return { text: textGrid(head, [row]), markdown: markdownGrid(head, [row]), details };
}

export function timersSection(report: TimersReport | { readonly failed: string }, run: { readonly machine: Machine; readonly postgresVersion: string; readonly seconds: number; readonly loadAfter: string }): string {
  const { machine } = run;
  const about = `- started: ${machine.date}; whole run ${run.seconds} s
- machine: ${machine.cores} cores (nproc), ${machine.cpu}, ${machine.memory}, Node ${machine.node}
- load average (1 / 5 / 15 min) before the run: ${machine.loadBefore}; after it: ${run.loadAfter}
- servers: PostgreSQL ${run.postgresVersion}`;
  const body = 'failed' in report ? `Not measured, the run failed: ${report.failed}` : `${report.markdown}\n\n${report.details.join('\n')}`;
  return `### Latest timers run\n\n${about}\n\n${body}\n`;
}
