/**
 * What the timers benchmark (packages/benchmarks, `--only timers`) drives: the service's own timer kind,
 * worker, case streams and scheduling, so the benchmark measures the code the service runs.
 */
export { defaultCalendarDocument } from '@ctp/calendar';
export { createTimerStore, startTimerWorker, type PostgresTimerStore } from '@ctp/timers';
export { publishCalendar } from '../calendars/calendar-stream.js';
export { loadCaseRules } from '../case-rules.js';
export { slaActor, withCaseStream } from '../cases/case-stream.js';
export { dueTimers } from '../domain/clock-view.js';
export { decideCase } from '../domain/decide-case.js';
export { defaultSlaPolicy } from '../domain/default-sla-policy.js';
export { publishSlaPolicy } from '../policies/sla-policy-stream.js';
export type { SlaDeps } from '../sla-deps.js';
export { clockTimerWorkers, scheduleClockTimer, slaClockKind, slaTimers } from '../timers.js';
export { initialCaseState } from '../domain/case-state.js';
export { caseProjection } from '../queue/case-projection.js';
export { evolve as evolveCase } from '../domain/case-state.js';
export { queueHeadId, queueListDocuments } from '../queue/queue-lists-store.js';
