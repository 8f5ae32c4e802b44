/** Offsets of an IANA time zone, cached per UTC hour; times are epoch seconds. */
export interface Zone {
  readonly name: string;
  offsetMinutes(epochSeconds: number): number;
  /** ISO-8601 with the zone's offset, to the second: 2025-11-11T20:15:03+08:00. */
  format(epochSeconds: number): string;
  /** Epoch seconds of a wall-clock time in the zone (the later instant if it falls in a DST gap). */
  fromLocal(year: number, month: number, day: number, secondsIntoDay?: number): number;
}

export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  } catch {
    throw new RangeError(`unknown time zone ${JSON.stringify(timeZone)}`);
  }
}

function parseOffset(label: string): number {
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(label);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function offsetSuffix(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const magnitude = Math.abs(minutes);
  return `${sign}${String(Math.floor(magnitude / 60)).padStart(2, '0')}:${String(magnitude % 60).padStart(2, '0')}`;
}

const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));

export function createZone(name: string): Zone {
  const formatter = offsetFormatter(name);
  const offsets = new Map<number, number>();
  const hourPrefixes = new Map<number, string>();
  let lastHour = NaN;
  let lastOffset = 0;
  const offsetMinutes = (epochSeconds: number): number => {
    const hour = Math.floor(epochSeconds / 3600);
    if (hour === lastHour) return lastOffset;
    let offset = offsets.get(hour);
    if (offset === undefined) {
      const label = formatter.formatToParts(hour * 3_600_000).find((part) => part.type === 'timeZoneName')?.value ?? '';
      offset = parseOffset(label);
      offsets.set(hour, offset);
    }
    lastHour = hour;
    lastOffset = offset;
    return offset;
  };
  const hourPrefix = (localHour: number): string => {
    let prefix = hourPrefixes.get(localHour);
    if (prefix === undefined) {
      prefix = new Date(localHour * 3_600_000).toISOString().slice(0, 14);
      hourPrefixes.set(localHour, prefix);
    }
    return prefix;
  };
  return {
    name,
    offsetMinutes,
    format(epochSeconds) {
      const offset = offsetMinutes(epochSeconds);
      const local = Math.floor(epochSeconds) + offset * 60;
      const localHour = Math.floor(local / 3600);
      const intoHour = local - localHour * 3600;
      return `${hourPrefix(localHour)}${pad2(Math.floor(intoHour / 60))}:${pad2(intoHour % 60)}${offsetSuffix(offset)}`;
    },
    fromLocal(year, month, day, secondsIntoDay = 0) {
      const wall = Date.UTC(year, month - 1, day) / 1000 + secondsIntoDay;
      const guess = wall - offsetMinutes(wall) * 60;
      return wall - offsetMinutes(guess) * 60;
    },
  };
}

export function parseLocalDate(text: string): LocalDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.toISOString().slice(0, 10) !== text) {
    throw new RangeError(`${JSON.stringify(text)} is not a calendar date (YYYY-MM-DD)`);
  }
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

export function isoDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}
