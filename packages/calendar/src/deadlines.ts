import { addBusinessTime, addWorkingDays, calendarAt, type CalendarSource, type CountedDeadline } from './counting.js';
import { durationOf, type TargetDuration } from './durations.js';

/**
 * When a target that started at `start` falls due: business time counts only working periods,
 * calendar time counts every millisecond, and "N working days" ends at close of business of the Nth
 * working day (intake at or after the cut-off, or on a day off, counts from the next working day).
 * A text duration is read as business time or working days (see parseDuration).
 */
export function deadline(source: CalendarSource, start: number, duration: TargetDuration | string): CountedDeadline {
  const target = typeof duration === 'string' ? durationOf(duration) : duration;
  switch (target.basis) {
    case 'business':
      return addBusinessTime(source, start, target.ms);
    case 'workingDays':
      return addWorkingDays(source, start, target.days);
    case 'calendar': {
      const at = start + target.ms;
      const { version } = calendarAt(source, start);
      return { at, countedFrom: start, segments: at > start ? [{ start, end: at, version }] : [], versions: [version] };
    }
    default: {
      const unexpected: never = target;
      throw new Error(`unknown duration basis ${JSON.stringify(unexpected)}`);
    }
  }
}
