import { calendarOf, calendarTimeline, defaultCalendarDocument, workingCalendar } from '@ctp/calendar';
import { describe, expect, it } from 'vitest';
import type { ComplaintFact } from './complaint-facts.js';
import { cycleTimes, workingDayMs, workingDaysBetween } from './cycle-time.js';

const nineToSix = [{ from: '09:00', to: '18:00' }];
const weekdays = (periods: typeof nineToSix) => ({ 1: periods, 2: periods, 3: periods, 4: periods, 5: periods });
const officeV1 = workingCalendar({ version: 1, timeZone: 'Asia/Shanghai', week: weekdays(nineToSix) });
const at = (local: string) => Date.parse(`${local}+08:00`);

describe('complaint cycle time in working days', () => {
  it('opened Friday 17:00, resolved Tuesday 10:00 on Mon-Fri 9-18: 1 h + 9 h + 1 h = 11 h of 9 h days', () => {
    const timeline = calendarTimeline([{ effectiveFrom: -Infinity, calendar: officeV1 }]);
    expect(workingDaysBetween(timeline, at('2026-03-06T17:00:00'), at('2026-03-10T10:00:00'))).toBe(1.2222); // 11 / 9
  });

  it('counts each part on the working day of the version it counted on', () => {
    const mornings = workingCalendar({ version: 2, timeZone: 'Asia/Shanghai', week: weekdays([{ from: '09:00', to: '13:00' }]) });
    const timeline = calendarTimeline([{ effectiveFrom: -Infinity, calendar: officeV1 }, { effectiveFrom: at('2026-03-09T00:00:00'), calendar: mornings }]);
    // Friday 17-18 on v1: 1/9; Monday 9-13 on v2: 4/4; Tuesday 9-10 on v2: 1/4.
    expect(workingDaysBetween(timeline, at('2026-03-06T17:00:00'), at('2026-03-10T10:00:00'))).toBe(1.3611);
  });

  it('takes the default calendar’s day as 9-12 and 13:30-18: 7.5 h', () => {
    expect(workingDayMs(calendarOf(defaultCalendarDocument))).toBe(7.5 * 3_600_000);
  });

  it('per month of first resolution: count, mean, nearest-rank p50 and p90; open and closed-unresolved complaints apart', () => {
    const fact = (caseId: string, days: number | null, more: Partial<ComplaintFact> = {}): ComplaintFact & { days: number | null } => ({
      caseId, customerId: 'C-1', tier: null, channel: 'phone', team: null, causes: [], repeat: false, openedAt: 0, month: '2026-03',
      resolvedAt: days, resolvedMonth: days === null ? null : '2026-03', closedAt: null, open: days === null, trace: [], days, ...more,
    });
    const facts = [fact('K-1', 1), fact('K-2', 2), fact('K-3', 5), fact('K-4', 10), fact('K-5', null), fact('K-6', null, { open: false, closedAt: 1 }), fact('K-8', 2), fact('K-7', 3, { resolvedMonth: '2026-04' })];
    // Opened at 0 and resolved at `days` ms: the counter below takes the span's ms for its days.
    expect(cycleTimes(facts, ['2026-03'], [], ({ resolvedAt }) => resolvedAt)).toEqual([
      // K-2 and K-8 took the same time: both count. (1 + 2 + 2 + 5 + 10) / 5 = 4; p50: rank ceil(0.5 × 5) = 3 -> 2; p90: rank ceil(0.9 × 5) = 5 -> 10
      { key: { month: '2026-03' }, resolved: 5, mean: 4, p50: 2, p90: 10, stillOpen: 1, closedUnresolved: 1 },
    ]);
  });
});
