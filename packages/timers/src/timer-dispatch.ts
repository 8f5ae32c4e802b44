import type { TimerRegistry } from './timer-kind.js';
import { TimerParkedError } from './timer-kind.js';
import type { TimerHandler } from './timer-worker.js';

/** One area's timer kinds with the handler for them. */
export interface TimerArea {
  readonly kinds: readonly string[];
  readonly handle: TimerHandler;
}

export const timerArea = <D>(registry: TimerRegistry<D>, deps: D): TimerArea => ({ kinds: registry.kinds, handle: registry.handler(deps) });

/**
 * The areas of one service share one timer table and its workers: a fired timer goes to the area that
 * declares its kind. Each area registering a worker of its own would park the others' timers.
 */
export function dispatchTimers(service: string, areas: readonly TimerArea[]): TimerHandler {
  const byKind = new Map(areas.flatMap((area) => area.kinds.map((kind) => [kind, area.handle] as const)));
  return async (timer, context) => {
    const handle = byKind.get(timer.kind);
    if (!handle) throw new TimerParkedError('unknown_kind', `no ${service} area declares timer kind ${JSON.stringify(timer.kind)} (known: ${[...byKind.keys()].join(', ')})`);
    await handle(timer, context);
  };
}
