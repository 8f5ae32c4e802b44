import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type GuardedUpdate, type ProjectionWrite } from '@ctp/projections';
import { clockIdOf } from './facts.js';

/**
 * `cases`: one document per case (`CaseFact`); `clocks`: one per clock cycle (`ClockFact`). Both come
 * from the case's own stream (`case-<id>`), so each document has one feed and needs no lane. The clock
 * events carry no case dimensions: queries join clocks to their case by `caseId`.
 */
export const serviceLevelProjection = defineProjection({
  name: 'analytics-service-levels',
  version: 1,
  categories: ['case'],
  collections: {
    caseFacts: { indexes: [{ key: { customerId: 1 } }, { key: { openedAt: 1 } }, { key: { resolvedAt: 1 } }] },
    clockFacts: { indexes: [{ key: { caseId: 1 } }, { key: { metric: 1 } }] },
  },
  handle: (events) => events.flatMap(writesFor),
});

export type ServiceLevelCollection = 'caseFacts' | 'clockFacts';

const caseEvent = decoderFor('case');

function writesFor(raw: RecordedEvent): ProjectionWrite<ServiceLevelCollection>[] {
  if (!raw.streamId.startsWith('case-')) return [];
  const event = caseEvent(raw);
  const trace = { position: event.globalPosition, type: event.type };
  const onCase = (update: GuardedUpdate) => [guardedUpsert<ServiceLevelCollection>('caseFacts', event.data.caseId, event.globalPosition, { ...update, $push: { trace } })];
  const onClock = (clock: { caseId: string; metric: string; cycle: number }, update: GuardedUpdate) => [
    guardedUpsert<ServiceLevelCollection>('clockFacts', clockIdOf(clock.caseId, clock.metric, clock.cycle), event.globalPosition, { ...update, $push: { trace } }),
  ];
  switch (event.type) {
    case 'CaseOpened': {
      const { customerId, type, channel, priority, tierAtStart, openedAt } = event.data;
      const tier = tierAtStart?.tier ?? null;
      return onCase({ $set: { customerId, type, channel, priority, tierAtStart: tier, tier, team: null, status: 'open', openedAt: new Date(openedAt) }, $inc: { replies: 0, customerMessages: 0, reopened: 0 } });
    }
    case 'CaseReplied':
      return onCase({ $min: { firstReplyAt: new Date(event.data.repliedAt) }, $inc: { replies: 1 } });
    case 'CaseCustomerWrote':
      return onCase({ $max: { lastCustomerMessageAt: new Date(event.data.receivedAt) }, $inc: { customerMessages: 1 } });
    case 'CasePriorityChanged':
      return onCase({ $set: { priority: event.data.to } });
    case 'CaseTierChanged':
      return onCase({ $set: { tier: event.data.to } });
    case 'CaseReassigned':
      return event.data.to.kind === 'team' ? onCase({ $set: { team: event.data.to.id } }) : [];
    case 'CaseStatusChanged': {
      const { to, changedAt } = event.data;
      if (to === 'resolved') return onCase({ $set: { status: to }, $min: { resolvedAt: new Date(changedAt) } });
      if (to === 'reopened') return onCase({ $set: { status: to }, $inc: { reopened: 1 } });
      return onCase({ $set: { status: to } });
    }
    case 'CaseMerged':
      return onCase({ $set: { status: 'merged', mergedInto: event.data.into } });
    case 'SlaClockStarted': {
      const { caseId, metric, cycle, at, deadline, targetMs } = event.data;
      return onClock(event.data, { $set: { caseId, metric, cycle, startedAt: new Date(at), deadline: new Date(deadline), targetMs, paused: false, outcome: 'running', elapsedMs: null, stoppedAt: null, stopReason: null } });
    }
    case 'SlaClockPaused':
      return onClock(event.data, { $set: { paused: true, deadline: null } });
    case 'SlaClockResumed': {
      const { status, at, deadline } = event.data;
      if (status !== 'reopened') return onClock(event.data, { $set: { paused: false, deadline: new Date(deadline) } });
      // A reopened case's resolution clock counts again: its met is void; a breach stands, and then (only
      // then) the elapsed time has passed the target, so the deadline it resumes with is not after `at`.
      const outcome = Date.parse(deadline) <= Date.parse(at) ? 'breached' : 'running';
      return onClock(event.data, { $set: { paused: false, deadline: new Date(deadline), outcome, elapsedMs: null, stoppedAt: null, stopReason: null } });
    }
    case 'SlaDeadlineRescheduled': {
      const { deadline, targetMs } = event.data;
      return onClock(event.data, { $set: { deadline: deadline === null ? null : new Date(deadline), targetMs } });
    }
    case 'SlaMet': {
      const { at, deadline, elapsedMs } = event.data;
      return onClock(event.data, { $set: { outcome: 'met', deadline: new Date(deadline), elapsedMs, stoppedAt: new Date(at), paused: false } });
    }
    case 'SlaBreached':
      return onClock(event.data, { $set: { outcome: 'breached', deadline: new Date(event.data.deadline) } });
    case 'SlaBreachRetracted': {
      const { cause, deadline } = event.data;
      return onClock(event.data, { $set: { outcome: cause === 'answered_in_time' ? 'met' : 'running', deadline: new Date(deadline) } });
    }
    case 'SlaClockStopped': {
      const { at, reason, elapsedMs } = event.data;
      return onClock(event.data, { $set: { elapsedMs, stoppedAt: new Date(at), stopReason: reason, paused: false } });
    }
    case 'CaseNoteAdded':
    case 'CaseEscalated':
    case 'CaseRouted':
    case 'SlaWarningRaised':
      return [];
    default:
      return unhandled(event);
  }
}

function unhandled(event: never): never {
  throw new Error(`analytics-service-levels has no rule for ${(event as RecordedEvent).type}`);
}
