import { randomUUID } from 'node:crypto';
import { buildEvent, streamIdFor, type CaseEvent, type RecordedEvent } from '@ctp/contracts';
import { startTimerWorker, type PostgresTimerStore, type Timer } from '@ctp/timers';
import { slaActor, withCaseStream } from '../../cases/case-stream.js';
import type { CaseCommand, OpenCase } from '../../domain/commands.js';
import { decideCase } from '../../domain/decide-case.js';
import type { SlaStore } from '../../test-support/sla-store.js';
import { slaTimers } from '../../timers.js';
import { reactToClockEvents } from '../clock-reactions.js';
import type { ClockDeps } from '../clock-deps.js';
import { openCaseIndex } from '../open-cases.js';

export const noHeartbeat = async () => undefined;

/** A store of the test's own with the open-case index beside its timer table. */
export async function clockDeps(store: SlaStore): Promise<ClockDeps> {
  return { ...store.depsWith(), openCases: await openCaseIndex(store.timers) };
}

/** Appends a case command's events and lets the clock reactor see the case stream, as the service does (unless `react` is false: its batch still in flight). */
export async function onCase(deps: ClockDeps, caseId: string, command: CaseCommand | Omit<OpenCase, 'policy' | 'calendars'>, react = true): Promise<void> {
  const context = { causationId: randomUUID(), correlationId: randomUUID(), occurredAt: 'at' in command ? command.at : command.openedAt, actor: slaActor };
  await withCaseStream(deps, caseId, context, (state, rules) => decideCase(command.kind === 'open_case' ? { ...command, ...rules } : command, state, rules));
  if (react) await reactToCaseStream(deps, caseId);
}

/** The clock reactor sees a case stream (as it does once the relay published the case's events). */
export async function reactToCaseStream(deps: ClockDeps, caseId: string): Promise<void> {
  await reactToClockEvents(deps, await deps.store.readStream(streamIdFor('case', caseId)), noHeartbeat);
}

export function caseOpened(caseId: string, customerId: string, changes: Partial<OpenCase> = {}): Omit<OpenCase, 'policy' | 'calendars'> {
  return {
    kind: 'open_case',
    caseId,
    customerId,
    customerKnown: true,
    channel: 'email',
    type: 'request',
    priority: 'normal',
    subject: 'Where is my parcel?',
    openedAt: '2026-03-04T10:00:00+08:00',
    openedBy: 'agent-7',
    source: null,
    tierAtStart: null,
    ...changes,
  };
}

export const clockEvents = async (deps: ClockDeps, caseId: string) => (await deps.store.readStream(streamIdFor('case', caseId))) as (RecordedEvent & CaseEvent)[];

/** Fires every timer due at `now` the way the worker does (claim, handle, complete); the ids fired. */
export async function fireDue(deps: ClockDeps, timers: PostgresTimerStore, now: Date): Promise<readonly Timer[]> {
  const { token, timers: claimed } = await timers.claim({ now, leaseMs: 60_000, limit: 1_000, kinds: slaTimers.kinds });
  const handle = slaTimers.handler(deps);
  for (const timer of claimed) {
    await handle(timer, { signal: new AbortController().signal });
    await timers.complete(timer.id, token, now);
  }
  return claimed;
}

/** A real worker on the table, its clock standing at `now`, until `done` holds; then stopped (a restart is a new one). */
export async function runWorkerUntil(deps: ClockDeps, timers: PostgresTimerStore, now: Date, done: () => Promise<boolean>): Promise<void> {
  const worker = startTimerWorker({ store: timers, handle: slaTimers.handler(deps), now: () => now, pollIntervalMs: 20 });
  try {
    const deadline = Date.now() + 20_000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error('the worker did not fire the timers in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await worker.stop();
  }
}

/** A tier decision as tiering records it, on the customer's tier stream. */
export async function tierAssigned(deps: ClockDeps, customerId: string, tier: string, occurredAt: string): Promise<RecordedEvent[]> {
  const streamId = streamIdFor('tier', customerId);
  const data = {
    customerId,
    tier,
    rule: 'initial_assignment' as const,
    score: 0.9,
    components: [{ component: 'monetary' as const, value: '1000', normalised: 0.9, weight: 1 }],
    thresholds: [{ tier, minScore: 0.8 }],
    currency: 'CNY',
    snapshotDate: occurredAt.slice(0, 10),
    policyId: 'default',
    policyVersion: 3,
  };
  const event = buildEvent('TierAssigned', data, { id: randomUUID(), streamId, occurredAt, correlationId: randomUUID(), causationId: null, actor: { kind: 'service', id: 'tiering' }, traceparent: null });
  await deps.store.append(streamId, [event], { expectedRevision: 'no_stream' });
  return deps.store.readStream(streamId);
}
