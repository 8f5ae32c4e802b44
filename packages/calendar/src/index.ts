export { addDays, addMonths, DAY_MS, daysBetween, isoDateOf, nextReviewDate, startOfDay, wholeMonthsBetween, type IsoDate, type ReviewCadence } from './dates.js';
export { DEFAULT_TIME_ZONE, endOfDayIn, isoDateIn, isTimeZone, startOfDayIn } from './time-zones.js';
