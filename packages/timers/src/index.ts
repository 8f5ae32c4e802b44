export { backoffMs, backoffPolicy, defaultBackoffPolicy, type BackoffPolicy } from './backoff.js';
export type { Json, NewTimer, Timer, TimerState } from './timer.js';
export { defineTimerKind, scheduleTimer, scheduleTimers, timerRegistry, TimerParkedError, TimerPayloadError, type ParkReason, type TimerKind, type TimerKindHandlerInput, type TimerOfKind, type TimerRegistry } from './timer-kind.js';
export { createTimerStore, PostgresTimerStore, type TimerStore, type TimerStoreOptions } from './timer-store.js';
export { startTimerWorker, type TimerHandler, type TimerHandlerContext, type TimerLogger, type TimerWorker, type TimerWorkerOptions } from './timer-worker.js';
export { dispatchTimers, timerArea, type TimerArea } from './timer-dispatch.js';
