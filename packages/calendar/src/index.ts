export { addDays, addMonths, DAY_MS, daysBetween, isoDateOf, nextReviewDate, startOfDay, weekdayOf, wholeMonthsBetween, type IsoDate, type ReviewCadence, type Weekday } from './dates.js';
export { DEFAULT_TIME_ZONE, endOfDayIn, instantIn, isoDateIn, isTimeZone, startOfDayIn } from './time-zones.js';
export {
  addWorkingTime,
  closeOfBusiness,
  isWorkingDay,
  nextWorkingDay,
  workingCalendar,
  WorkingCalendarError,
  workingDaysDeadline,
  workingSpansOn,
  workingTimeBetween,
  type Span,
  type WorkingCalendar,
  type WorkingCalendarSpec,
  type WorkingPeriodSpec,
} from './working-time.js';
