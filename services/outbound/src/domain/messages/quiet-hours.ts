import { addDays, instantIn, isoDateIn, isoDateTimeIn } from '@ctp/calendar';

/** The night in a customer's time zone, as minutes after midnight: from 21:00 (1260) to 09:00 (540) spans midnight. */
export interface QuietHours {
  readonly fromMinute: number;
  readonly toMinute: number;
}

const clockTime = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `21:00-09:00` (local wall-clock times, the second may be earlier: over midnight); a problem text otherwise. */
export function parseQuietHours(text: string): QuietHours | string {
  const [from, to, ...rest] = text.split('-').map((part) => clockTime.exec(part.trim()));
  if (!from || !to || rest.length > 0) return 'expected HH:MM-HH:MM, e.g. 21:00-09:00';
  const quiet = { fromMinute: Number(from[1]) * 60 + Number(from[2]), toMinute: Number(to[1]) * 60 + Number(to[2]) };
  return quiet.fromMinute === quiet.toMinute ? 'the quiet hours start and end at the same time' : quiet;
}

/** When the quiet hours holding `now` end in the zone, or null when `now` is outside them. */
export function quietHoursEnd(now: Date, quiet: QuietHours, timeZone: string): Date | null {
  const date = isoDateIn(now.getTime(), timeZone);
  const [hours, minutes] = isoDateTimeIn(now.getTime(), timeZone).slice(11, 16).split(':').map(Number);
  const minute = hours! * 60 + minutes!;
  const overMidnight = quiet.fromMinute > quiet.toMinute;
  if (!overMidnight) return minute >= quiet.fromMinute && minute < quiet.toMinute ? new Date(instantIn(date, quiet.toMinute, timeZone)) : null;
  if (minute >= quiet.fromMinute) return new Date(instantIn(addDays(date, 1), quiet.toMinute, timeZone));
  return minute < quiet.toMinute ? new Date(instantIn(date, quiet.toMinute, timeZone)) : null;
}
