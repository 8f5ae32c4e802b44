export { backoffMs, backoffPolicy, defaultBackoffPolicy, type BackoffPolicy } from './backoff.js';
export type { Json, NewTimer, Timer, TimerState } from './timer.js';
export { createTimerStore, PostgresTimerStore, type TimerStore, type TimerStoreOptions } from './timer-store.js';
export { startTimerWorker, type TimerHandler, type TimerHandlerContext, type TimerLogger, type TimerWorker, type TimerWorkerOptions } from './timer-worker.js';
