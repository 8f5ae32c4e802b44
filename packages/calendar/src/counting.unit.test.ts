import { describe, expect, it } from 'vitest';
import { calendarTimeline, workingTime, type CalendarSource } from './counting.js';
import { deadline } from './deadlines.js';
import { isoDateIn, startOfDayIn } from './time-zones.js';
import { closeOfBusiness, isWorkingDay } from './working-time.js';
import { at, calendarFrom, minutes, newYork, seededRandom, shanghai } from './test-support/calendars.js';

const shorterDays = calendarFrom({
  id: 'default',
  version: 2,
  timeZone: 'Asia/Shanghai',
  week: { monday: [{ from: '10:00', to: '16:00' }], wednesday: [{ from: '08:00', to: '12:00' }, { from: '12:30', to: '20:00' }], saturday: [{ from: '09:00', to: '13:00' }] },
});
const edited = calendarTimeline([
  { effectiveFrom: -Infinity, calendar: shanghai },
  { effectiveFrom: at('2026-05-06T11:17:00+08:00'), calendar: shorterDays },
]);

const sources: [string, CalendarSource][] = [
  ['Shanghai with its 2026 holidays', shanghai],
  ['New York across both daylight-saving changes', newYork],
  ['a calendar edited in May', edited],
];

const year2026 = [at('2026-01-01T00:00:00Z'), at('2026-12-20T00:00:00Z')] as const;
const trials = 150;

/** Instants on whole minutes in 2026, so every generated case is exact. */
function instants(seed: number) {
  const random = seededRandom(seed);
  const instant = () => year2026[0] + Math.floor(random() * ((year2026[1] - year2026[0]) / 60_000)) * 60_000;
  return { instant, below: (limit: number) => Math.floor(random() * limit) };
}

describe.each(sources)('given %s, checked on generated instants', (_, source) => {
  it('when a business deadline is measured back then exactly the target elapsed, and a millisecond earlier it had not', () => {
    const { instant, below } = instants(1);
    for (let trial = 0; trial < trials; trial += 1) {
      const start = instant();
      const target = minutes(below(60 * 40));
      const result = deadline(source, start, { basis: 'business', ms: target });
      expect(workingTime(source, start, result.at).ms).toBe(target);
      expect(result.segments.reduce((total, { start: from, end }) => total + end - from, 0)).toBe(target);
      if (target > 0) expect(workingTime(source, start, result.at - 1).ms).toBe(target - 1);
    }
  });

  it('when a span is split anywhere then its working time is the sum of the parts', () => {
    const { instant } = instants(2);
    for (let trial = 0; trial < trials; trial += 1) {
      const [from, middle, to] = [instant(), instant(), instant()].sort((a, b) => a - b) as [number, number, number];
      if (to - from > minutes(60 * 24 * 60)) continue;
      expect(workingTime(source, from, to).ms).toBe(workingTime(source, from, middle).ms + workingTime(source, middle, to).ms);
    }
  });

  it('when N working days are counted then the deadline is a close of business, later for every further day', () => {
    const { instant, below } = instants(3);
    for (let trial = 0; trial < trials; trial += 1) {
      const start = instant();
      const days = below(8);
      const due = deadline(source, start, { basis: 'workingDays', days }).at;
      const later = deadline(source, start, { basis: 'workingDays', days: days + 1 }).at;
      expect(later).toBeGreaterThan(due);
      expect(due).toBeGreaterThan(start);
      const date = isoDateIn(due - 1, source === newYork ? newYork.timeZone : shanghai.timeZone);
      const calendar = source === edited ? (startOfDayIn(date, shanghai.timeZone) >= edited[1]!.effectiveFrom ? shorterDays : shanghai) : (source as typeof shanghai);
      expect(isWorkingDay(calendar, date)).toBe(true);
      expect(closeOfBusiness(calendar, date)).toBe(due);
    }
  });
});
