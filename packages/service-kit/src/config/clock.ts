import { z } from 'zod';

/** The service's now: handlers, routes, reactions and timer workers take it from the setup parts, never from Date. */
export type Clock = () => Date;

export const clockSettings = {
  /** Tests and development only: the service's clock starts at this instant and then runs with real time. */
  CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  /**
   * The real instant at which the clock read CLOCK_START (default: when the process made its clock), so the
   * processes of one test stack keep one clock rather than each lagging by its own start-up time.
   */
  CLOCK_START_REAL: z.iso.datetime({ offset: true }).optional(),
};

/** A config refinement: a production service runs on the real clock, so CLOCK_START there is a config error. */
export function refuseClockStartInProduction(config: { NODE_ENV?: unknown; CLOCK_START?: unknown }, context: z.RefinementCtx): void {
  if (config.CLOCK_START === undefined || config.NODE_ENV !== 'production') return;
  context.addIssue({ code: 'custom', path: ['CLOCK_START'], message: 'is honoured only when NODE_ENV is test or development: unset it in production' });
}

/**
 * The real clock, or with CLOCK_START one that starts at that instant and advances with real time
 * (so timers, leases and timeouts keep their real durations).
 */
export function serviceClock(
  config: { CLOCK_START?: string | undefined; CLOCK_START_REAL?: string | undefined },
  logger?: { warn(details: object, message: string): void },
  realNow: () => number = Date.now,
): Clock {
  if (config.CLOCK_START === undefined) return () => new Date(realNow());
  const offsetMs = Date.parse(config.CLOCK_START) - (config.CLOCK_START_REAL === undefined ? realNow() : Date.parse(config.CLOCK_START_REAL));
  logger?.warn({ clockStart: config.CLOCK_START, offsetMs }, 'the clock starts at CLOCK_START, not at the real time');
  return () => new Date(realNow() + offsetMs);
}
