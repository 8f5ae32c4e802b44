import type { ConsumerReport, ParkedLetter, ProcessMemory, TimerReport } from '@ctp/service-kit';
import { formatDuration, formatTable } from './table.js';

/** What the views show of `GET /v1/admin/status` (the kit's StatusReport, as the route answers it). */
export interface StatusReport {
  readonly service: string;
  readonly healthy: boolean;
  readonly consumers: readonly Pick<ConsumerReport, 'kind' | 'name' | 'state' | 'position' | 'head' | 'lag' | 'eventsPerSecond' | 'members' | 'parked' | 'healthy' | 'problems'>[];
  readonly timers: readonly Pick<TimerReport, 'table' | 'kind' | 'due' | 'failing' | 'parked' | 'pending' | 'healthy' | 'problems'>[];
  /** Absent from services older than the memory report. */
  readonly memory?: ProcessMemory;
}

/** A service's status, or why it could not be read. */
export type ServiceStatus = { readonly service: string; readonly report: StatusReport } | { readonly service: string; readonly unreachable: string };

const health = (healthy: boolean) => (healthy ? 'ok' : 'UNHEALTHY');

export function statusView(statuses: readonly ServiceStatus[]): string {
  const consumers = statuses.flatMap((status) =>
    !('report' in status)
      ? [[status.service, '-', '-', 'unreachable', null, null, null, null, null, null, health(false)]]
      : status.report.consumers.length === 0
        ? [[status.service, '-', '-', 'answering', null, null, null, null, null, null, health(status.report.healthy)]]
        : status.report.consumers.map((consumer) => [status.service, consumer.kind, consumer.name, consumer.state, consumer.position, consumer.head, consumer.lag, consumer.eventsPerSecond, consumer.members, consumer.parked, health(consumer.healthy)]),
  );
  const timers = statuses.flatMap((status) => ('report' in status ? status.report.timers.map((timer) => [status.service, timer.table, timer.kind, timer.due, timer.failing, timer.parked, timer.pending, health(timer.healthy)]) : []));
  const problems = statuses.flatMap((status) =>
    'report' in status
      ? [...status.report.consumers.flatMap((consumer) => consumer.problems.map((problem) => `${status.service} ${consumer.name}: ${problem}`)), ...status.report.timers.flatMap((timer) => timer.problems.map((problem) => `${status.service} timers ${timer.kind}: ${problem}`))]
      : [`${status.service}: ${status.unreachable}`],
  );
  const parts = [formatTable(['SERVICE', 'KIND', 'NAME', 'STATE', 'POSITION', 'HEAD', 'LAG', 'EV/S', 'MEMBERS', 'PARKED', 'HEALTH'], consumers)];
  if (timers.length > 0) parts.push(formatTable(['SERVICE', 'TABLE', 'TIMER KIND', 'DUE', 'FAILING', 'PARKED', 'PENDING', 'HEALTH'], timers));
  const memory = statuses.flatMap((status) => ('report' in status && status.report.memory ? [[status.service, ...memoryCells(status.report.memory)]] : []));
  if (memory.length > 0) parts.push(formatTable(['SERVICE', 'RSS MIB', 'HEAP USED MIB', 'LIVE HEAP MIB', 'MAJOR GCS'], memory));
  parts.push(problems.length === 0 ? 'all healthy' : problems.map((problem) => `! ${problem}`).join('\n'));
  return parts.join('\n\n');
}

const mebibytes = (bytes: number | null) => (bytes === null ? null : Math.round(bytes / 1024 / 1024));
const memoryCells = ({ rssBytes, heapUsedBytes, liveHeapBytes, majorCollections }: ProcessMemory) => [mebibytes(rssBytes), mebibytes(heapUsedBytes), mebibytes(liveHeapBytes), majorCollections];

export function allHealthy(statuses: readonly ServiceStatus[]): boolean {
  return statuses.every((status) => 'report' in status && status.report.healthy);
}

export interface JobView {
  readonly id: string;
  readonly kind?: string;
  readonly target?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string | null;
  readonly state: string;
  readonly progress: Record<string, unknown> | null;
  readonly result: Record<string, unknown> | null;
  readonly error: string | null;
}

const numberOf = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** `building v2  [#####.....]  48.0%  12,345 events  2,100 ev/s  ETA 5s` */
export function progressLine(job: JobView): string {
  const progress = job.progress ?? {};
  const percent = numberOf(progress.percent);
  const filled = percent === null ? 0 : Math.round(percent / 5);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}]`;
  const events = numberOf(progress.events) ?? 0;
  const rate = numberOf(progress.eventsPerSecond);
  const phase = typeof progress.phase === 'string' ? progress.phase : 'starting';
  const version = numberOf(progress.version);
  return [
    `${phase}${version === null ? '' : ` v${version}`}`,
    bar,
    percent === null ? '?%' : `${percent.toFixed(1)}%`,
    `${events.toLocaleString('en-US')} events`,
    rate === null ? '? ev/s' : `${rate.toLocaleString('en-US')} ev/s`,
    `ETA ${formatDuration(numberOf(progress.etaSeconds))}`,
  ].join('  ');
}

export function jobOutcome(projection: string, job: JobView): string {
  if (job.state === 'succeeded' && job.result) {
    const { switchedTo, previous, events, durationMs } = job.result;
    return `switched ${projection} over to version ${String(switchedTo)} after ${Number(events).toLocaleString('en-US')} events in ${formatDuration(Number(durationMs) / 1_000)}; version ${String(previous)} is kept until you drop it`;
  }
  return `rebuild of ${projection} ${job.state}: ${job.error ?? 'no reason given'}; the active version is untouched`;
}

/** What a finished job came to, in a few words: the switch-over of a rebuild, the count a replay appended, or why it stopped. */
function jobSummary(job: JobView): string {
  if (job.state === 'running') return job.progress ? progressLine(job) : 'starting';
  if (job.state !== 'succeeded' || !job.result) return job.error ?? '-';
  const result = job.result;
  if (job.kind === 'rebuild') return `switched to v${String(result.switchedTo)} (v${String(result.previous)} kept) after ${String(result.events)} events`;
  return `replayed ${String(result.replayed)} events ${String(result.from)}..${String(result.to)}, appended ${String(result.appendedCount)}`;
}

export function jobsView(jobs: readonly JobView[]): string {
  if (jobs.length === 0) return 'no jobs';
  return formatTable(['STARTED', 'KIND', 'TARGET', 'STATE', 'JOB', 'OUTCOME'], jobs.map((job) => [job.startedAt ?? null, job.kind ?? null, job.target?.slice(job.target.indexOf(':') + 1) ?? null, job.state, job.id, jobSummary(job)]));
}

export function replayOutcome(reactor: string, job: JobView): string {
  if (job.state !== 'succeeded' || !job.result) return `replay of ${reactor} ${job.state}: ${job.error ?? 'no reason given'}`;
  const { from, to, replayed, appendedCount, appended } = job.result as { from: string; to: string | null; replayed: number; appendedCount: number; appended: { id: string; type: string; streamId: string; globalPosition: string; causationId: string | null }[] };
  const summary = `replayed ${replayed.toLocaleString('en-US')} events of ${reactor} from position ${from} to ${to ?? from}; the reactions appended ${appendedCount === 0 ? 'nothing new' : `${appendedCount} event(s)`}`;
  if (appendedCount === 0) return summary;
  const table = formatTable(['POSITION', 'STREAM', 'TYPE', 'EVENT', 'CAUSED BY'], appended.map((event) => [event.globalPosition, event.streamId, event.type, event.id, event.causationId]));
  return `${summary}${appended.length < appendedCount ? ` (the first ${appended.length} shown)` : ''}\n${table}`;
}

export type Letter = Omit<ParkedLetter, 'blockedBy' | 'parkedAt'>;

export function lettersView(consumer: string, parked: number, letters: readonly Letter[]): string {
  if (parked === 0) return `${consumer}: no dead letters parked`;
  const table = formatTable(
    ['PARTITION', 'OFFSET', 'POSITION', 'STREAM', 'EVENT', 'TYPE', 'REASON', 'ATTEMPTS', 'ERROR'],
    letters.map((letter) => [letter.partition, letter.offset, letter.globalPosition, letter.streamId, letter.eventId, letter.eventType, letter.reason, letter.attempts, letter.error ? `${letter.error.name}: ${letter.error.message}` : null]),
  );
  return `${consumer}: ${parked} dead letter(s) parked${letters.length < parked ? ` (the first ${letters.length} shown)` : ''}\n${table}`;
}

export function redriveView(outcome: { consumer: string; redriven: number; applied: number; reparked: number; unblocked: readonly string[]; stillBlocked: readonly string[] }): string {
  return [
    `${outcome.consumer}: redriven ${outcome.redriven}, applied ${outcome.applied}, parked again ${outcome.reparked}`,
    `unblocked streams: ${outcome.unblocked.length === 0 ? 'none' : outcome.unblocked.join(', ')}`,
    `still blocked: ${outcome.stillBlocked.length === 0 ? 'none' : outcome.stillBlocked.join(', ')}`,
  ].join('\n');
}

export interface TimerItem {
  readonly table: string;
  readonly id: string;
  readonly kind: string;
  readonly dueAt: string;
  readonly attempts: number;
  readonly lastError: string | null;
}

export function timersView(state: string, timers: readonly TimerItem[]): string {
  if (timers.length === 0) return `no ${state} timers`;
  return formatTable(['TABLE', 'ID', 'KIND', 'DUE AT', 'ATTEMPTS', 'LAST ERROR'], timers.map((timer) => [timer.table, timer.id, timer.kind, timer.dueAt, timer.attempts, timer.lastError]));
}
