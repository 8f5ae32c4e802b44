/**
 * A target duration. Business time counts only working periods; calendar time counts every
 * millisecond; working days end at close of business of the Nth working day.
 */
export type TargetDuration =
  | { readonly basis: 'business'; readonly ms: number }
  | { readonly basis: 'calendar'; readonly ms: number }
  | { readonly basis: 'workingDays'; readonly days: number };

export type DurationBasis = 'business' | 'calendar';

export type ParsedDuration = { readonly ok: true; readonly duration: TargetDuration } | { readonly ok: false; readonly message: string };

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

const isoDuration = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const workingDays = /^(\d+) working days?$/;

/**
 * Reads "N working days" or an ISO 8601 duration. In business time only hours, minutes and seconds
 * (PT2H, PT30M, PT1H30M): a business "day" has no fixed length, so days are written as working days.
 * In calendar time weeks and days are 7 × 24 and 24 hours of elapsed time; years and months are refused.
 */
export function parseDuration(text: string, basis: DurationBasis = 'business'): ParsedDuration {
  const trimmed = text.trim();
  const days = workingDays.exec(trimmed);
  if (days) return { ok: true, duration: { basis: 'workingDays', days: Number(days[1]) } };
  const parts = trimmed === 'P' ? null : isoDuration.exec(trimmed);
  if (!parts) return { ok: false, message: `${text} is neither "N working days" nor an ISO 8601 duration of weeks, days, hours, minutes and seconds (e.g. PT2H)` };
  const [weeks, dayCount, hours, minutes, seconds] = parts.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number];
  if (basis === 'business' && (weeks > 0 || dayCount > 0)) {
    return { ok: false, message: `${text}: business time is counted in hours, minutes and seconds (e.g. PT16H); write days as "N working days"` };
  }
  const ms = weeks * 7 * day + dayCount * day + hours * hour + minutes * minute + seconds * second;
  if (!Number.isSafeInteger(ms)) return { ok: false, message: `${text} is too long` };
  return { ok: true, duration: { basis, ms } };
}

/** Like parseDuration, throwing the reason when the text is not a duration. */
export function durationOf(text: string, basis: DurationBasis = 'business'): TargetDuration {
  const parsed = parseDuration(text, basis);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.duration;
}
