import { TimerParkedError, type TimerHandler } from '@ctp/timers';

/** One area's timer kinds and their handler. */
export interface TimerArea {
  readonly kinds: readonly string[];
  readonly handle: TimerHandler;
}

/** Webhooks and notifications share one timer table and its workers: a fired timer goes to the area declaring its kind. */
export function dispatchTimers(areas: readonly TimerArea[]): TimerHandler {
  const byKind = new Map(areas.flatMap((area) => area.kinds.map((kind) => [kind, area.handle] as const)));
  return async (timer, context) => {
    const handle = byKind.get(timer.kind);
    if (!handle) throw new TimerParkedError('unknown_kind', `no outbound area declares timer kind ${JSON.stringify(timer.kind)} (known: ${[...byKind.keys()].join(', ')})`);
    await handle(timer, context);
  };
}
