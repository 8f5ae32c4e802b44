import type { z } from 'zod';
import type { TimerStore } from './timer-store.js';
import type { Json, Timer } from './timer.js';
import type { TimerHandler, TimerHandlerContext } from './timer-worker.js';

export type ParkReason = 'unknown_kind' | 'invalid_payload' | 'handler_failed';

/** Thrown by a handler to park its timer at once, without the retries a plain error gets. */
export class TimerParkedError extends Error {
  override readonly name = 'TimerParkedError';

  constructor(
    readonly reason: ParkReason,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export interface TimerKindHandlerInput<D, P> extends TimerHandlerContext {
  readonly deps: D;
  /** The stored payload, checked by the kind's schema. */
  readonly payload: P;
  readonly timer: Timer;
}

/** A timer kind: its name, the schema its payload must pass (when scheduled and when fired) and what it does. */
export interface TimerKind<D, P extends Json> {
  readonly kind: string;
  readonly payload: z.ZodType<P>;
  handle(input: TimerKindHandlerInput<D, P>): Promise<void>;
}

export function defineTimerKind<D, P extends Json>(kind: TimerKind<D, P>): TimerKind<D, P> {
  if (typeof kind.kind !== 'string' || kind.kind.length === 0) throw new TypeError('a timer kind needs a non-empty name');
  return kind;
}

/**
 * The kinds a worker dispatches through. A timer of a kind not declared here, or whose payload
 * fails its kind's schema, is parked at once with its reason: no retry can make it pass.
 */
export interface TimerRegistry<D> {
  readonly kinds: readonly string[];
  handler(deps: D): TimerHandler;
}

export function timerRegistry<D>(declared: readonly TimerKind<D, Json>[]): TimerRegistry<D> {
  const byName = new Map<string, TimerKind<D, Json>>();
  for (const kind of declared) {
    if (byName.has(kind.kind)) throw new TypeError(`timer kind ${kind.kind} is declared twice`);
    byName.set(kind.kind, kind);
  }
  return {
    kinds: [...byName.keys()],
    handler: (deps) => async (timer, context) => {
      const kind = byName.get(timer.kind);
      if (!kind) throw new TimerParkedError('unknown_kind', `no timer kind ${JSON.stringify(timer.kind)} is declared (known: ${[...byName.keys()].join(', ')})`);
      const parsed = kind.payload.safeParse(timer.payload);
      if (!parsed.success) throw new TimerParkedError('invalid_payload', issuesText(parsed.error));
      await kind.handle({ deps, payload: parsed.data, timer, signal: context.signal });
    },
  };
}

/** Thrown by scheduleTimer for a payload its kind's schema refuses; nothing is stored. */
export class TimerPayloadError extends TypeError {
  override readonly name = 'TimerPayloadError';
}

type KindOf<P extends Json> = Pick<TimerKind<never, P>, 'kind' | 'payload'>;
export interface TimerOfKind<P extends Json> {
  readonly id: string;
  readonly dueAt: Date;
  readonly payload: P;
}

/** Schedules a timer of a declared kind; its payload is checked by the kind's schema first. */
export function scheduleTimer<P extends Json>(store: Pick<TimerStore, 'schedule'>, kind: KindOf<P>, timer: TimerOfKind<P>): Promise<'scheduled' | 'exists'> {
  return store.schedule(checkedTimer(kind, timer));
}

/** Schedules timers of a declared kind in one statement (`scheduleAll`); every payload is checked first, and none is stored if one fails. */
export function scheduleTimers<P extends Json>(store: Pick<TimerStore, 'scheduleAll'>, kind: KindOf<P>, timers: readonly TimerOfKind<P>[]): Promise<number> {
  return store.scheduleAll(timers.map((timer) => checkedTimer(kind, timer)));
}

function checkedTimer<P extends Json>(kind: KindOf<P>, timer: TimerOfKind<P>) {
  const parsed = kind.payload.safeParse(timer.payload);
  if (!parsed.success) throw new TimerPayloadError(`timer ${timer.id} (${kind.kind}): invalid payload: ${issuesText(parsed.error)}`);
  return { id: timer.id, kind: kind.kind, dueAt: timer.dueAt, payload: parsed.data };
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(payload)'}: ${issue.message}`).join('; ');
}
