import { z } from 'zod';
import { monthIn, monthSchema, monthStartIn, nextMonth, previousMonth, type Month } from '../metrics/period.js';
import type { MonthlyReports } from './monthly-reports.js';

/** The analytics service's own timer table. */
export const reportTimerTable = 'report_timers';
export const reportTimerKind = 'monthly-report';
const payloadSchema = z.strictObject({ month: monthSchema });

/** What the report timer needs of the timer store (@ctp/timers' PostgresTimerStore, from wire.timerStore). */
export interface ReportTimerStore {
  schedule(timer: { readonly id: string; readonly kind: string; readonly dueAt: Date; readonly payload: { month: Month } }): Promise<'scheduled' | 'exists'>;
}

/** One timer per report month: scheduling it twice keeps the first. */
export const reportTimerId = (month: Month) => `${reportTimerKind}:${month}`;

export interface ReportSchedule {
  readonly timeZone: string;
  /** The hour of the 1st of the next month, business time zone, at which a month's report is built (REPORT_HOUR). */
  readonly hour: number;
}

/** When the month's report is due: the 1st of the next month at the hour (business time zone; the zone's offset on that day's midnight). */
export function reportDueAt(month: Month, { timeZone, hour }: ReportSchedule): Date {
  return new Date(monthStartIn(nextMonth(month), timeZone) + hour * 3_600_000);
}

/** The month whose report is due next after `now`: the previous month before the 1st's hour, else the current month. */
export function nextReportMonth(now: Date, schedule: ReportSchedule): Month {
  const current = monthIn(now.getTime(), schedule.timeZone);
  return now < reportDueAt(previousMonth(current), schedule) ? previousMonth(current) : current;
}

export function scheduleReport(timers: ReportTimerStore, month: Month, schedule: ReportSchedule) {
  return timers.schedule({ id: reportTimerId(month), kind: reportTimerKind, dueAt: reportDueAt(month, schedule), payload: { month } });
}

/** At start: the next report's timer, unless it is there already. */
export const ensureReportTimer = (timers: ReportTimerStore, now: Date, schedule: ReportSchedule) => scheduleReport(timers, nextReportMonth(now, schedule), schedule);

/**
 * The timer's handler: builds and keeps the month's report (kept already: nothing), then schedules the
 * next month's. A retry after a crash between the two does each at most once.
 */
export function reportTimerHandler(reports: Pick<MonthlyReports, 'generate'>, timers: ReportTimerStore, schedule: ReportSchedule) {
  return async (timer: { readonly kind: string; readonly payload: unknown }): Promise<void> => {
    if (timer.kind !== reportTimerKind) throw new Error(`the report timers know no kind ${JSON.stringify(timer.kind)}`);
    const { month } = payloadSchema.parse(timer.payload);
    await reports.generate(month, 'scheduled');
    await scheduleReport(timers, nextMonth(month), schedule);
  };
}
