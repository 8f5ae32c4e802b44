import { TimerParkedError, type TimerHandler, type TimerRegistry } from '@ctp/timers';

/** One area's timer kinds with the deps its handlers need. */
export interface TimerArea {
  readonly kinds: readonly string[];
  readonly handle: TimerHandler;
}

export const timerArea = <D>(registry: TimerRegistry<D>, deps: D): TimerArea => ({ kinds: registry.kinds, handle: registry.handler(deps) });

/**
 * The feedback areas share one timer table (feedback_timers) and its workers: a fired timer goes to the
 * area that declares its kind. Each area registering a worker of its own would park the others' timers.
 */
export function dispatchTimers(areas: readonly TimerArea[]): TimerHandler {
  const byKind = new Map(areas.flatMap((area) => area.kinds.map((kind) => [kind, area.handle] as const)));
  return async (timer, context) => {
    const handle = byKind.get(timer.kind);
    if (!handle) throw new TimerParkedError('unknown_kind', `no feedback area declares timer kind ${JSON.stringify(timer.kind)} (known: ${[...byKind.keys()].join(', ')})`);
    await handle(timer, context);
  };
}
