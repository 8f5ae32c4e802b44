export { addDays, addMonths, DAY_MS, daysBetween, isoDateOf, nextReviewDate, startOfDay, weekdayOf, wholeMonthsBetween, type IsoDate, type ReviewCadence, type Weekday } from './dates.js';
export { DEFAULT_TIME_ZONE, endOfDayIn, instantIn, isoDateIn, isoDateTimeIn, isTimeZone, startOfDayIn } from './time-zones.js';
export {
  closeOfBusiness,
  isWorkingDay,
  nextWorkingDay,
  workingCalendar,
  WorkingCalendarError,
  workingSpansOn,
  type Span,
  type WorkingCalendar,
  type WorkingCalendarSpec,
  type WorkingPeriodSpec,
} from './working-time.js';
export {
  addBusinessTime,
  addWorkingDays,
  addWorkingTime,
  calendarAt,
  calendarTimeline,
  workingDaysDeadline,
  workingTime,
  workingTimeBetween,
  type CalendarSource,
  type CalendarTimeline,
  type CalendarVersion,
  type CountedDeadline,
  type CountedSpan,
  type WorkingTime,
} from './counting.js';
export { durationOf, parseDuration, type DurationBasis, type ParsedDuration, type TargetDuration } from './durations.js';
export { deadline } from './deadlines.js';
export {
  calendarDocumentSchema,
  calendarOf,
  fieldPathOf,
  isoDateSchema,
  parseCalendarDocument,
  publishedTimeline,
  weekdayNames,
  type CalendarDocument,
  type CalendarDocumentInput,
  type FieldProblem,
  type ParsedCalendar,
  type PublishedCalendarVersion,
} from './calendar-document.js';
export { defaultCalendarDocument, OFFICIAL_HOLIDAYS_KNOWN_THROUGH } from './default-calendar.js';
export { importHolidays, type ImportedHoliday, type ImportedHolidays } from './ical-holidays.js';
