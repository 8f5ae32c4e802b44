import type { FieldProblem } from './calendar-document.js';
import { addDays, type IsoDate } from './dates.js';

export interface ImportedHoliday {
  readonly date: IsoDate;
  readonly name: string;
}

export type ImportedHolidays = { readonly ok: true; readonly holidays: readonly ImportedHoliday[] } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

interface ContentLine {
  readonly number: number;
  readonly name: string;
  readonly params: string;
  readonly value: string;
}

/** Unfolds RFC 5545 lines (a line starting with a space or tab continues the one before), keeping each line's first number. */
function contentLines(text: string): ContentLine[] {
  const lines: { number: number; text: string }[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, index) => {
    const last = lines[lines.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) last.text += line.slice(1);
    else if (line.length > 0) lines.push({ number: index + 1, text: line });
  });
  return lines.map(({ number, text: line }) => {
    const colon = valueColon(line);
    const head = colon < 0 ? line : line.slice(0, colon);
    const semicolon = head.indexOf(';');
    return {
      number,
      name: (semicolon < 0 ? head : head.slice(0, semicolon)).toUpperCase(),
      params: semicolon < 0 ? '' : head.slice(semicolon + 1).toUpperCase(),
      value: colon < 0 ? '' : line.slice(colon + 1),
    };
  });
}

/** The colon between a line's name and parameters and its value: the first one outside a quoted parameter. */
function valueColon(line: string): number {
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    if (line[index] === '"') quoted = !quoted;
    else if (line[index] === ':' && !quoted) return index;
  }
  return -1;
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, escaped: string) => (escaped === 'n' || escaped === 'N' ? '\n' : escaped));
}

/** An all-day date (VALUE=DATE, or a bare YYYYMMDD), or null for a date-time. */
function allDayDate(line: ContentLine): IsoDate | null {
  const parts = /^(\d{4})(\d{2})(\d{2})$/.exec(line.value.trim());
  if (!parts || /VALUE=DATE-TIME/.test(line.params)) return null;
  const date = `${parts[1]}-${parts[2]}-${parts[3]}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(date) ? null : date;
}

/** The holidays of one VEVENT, every day from DTSTART up to DTEND (exclusive; one day without DTEND). */
function eventHolidays(event: readonly ContentLine[], where: string, problems: FieldProblem[]): ImportedHoliday[] {
  const field = (name: string) => event.find((line) => line.name === name);
  const start = field('DTSTART');
  const end = field('DTEND');
  const summary = field('SUMMARY');
  const startDate = start ? allDayDate(start) : null;
  const endDate = end ? allDayDate(end) : null;
  const before = problems.length;
  if (!start) problems.push({ path: `${where}.DTSTART`, message: 'is missing' });
  else if (!startDate) problems.push({ path: `${where}.DTSTART`, message: `line ${start.number}: ${start.value} is not an all-day date (DTSTART;VALUE=DATE:YYYYMMDD)` });
  if (end && !endDate) problems.push({ path: `${where}.DTEND`, message: `line ${end.number}: ${end.value} is not an all-day date (DTEND;VALUE=DATE:YYYYMMDD)` });
  else if (end && startDate && endDate! <= startDate) problems.push({ path: `${where}.DTEND`, message: `line ${end.number}: must be after DTSTART (DTEND is the first day after the event)` });
  const name = summary ? unescapeText(summary.value).trim() : '';
  if (!name) problems.push({ path: `${where}.SUMMARY`, message: summary ? `line ${summary.number}: must name the holiday` : 'is missing' });
  if (problems.length > before || !startDate) return [];
  const holidays: ImportedHoliday[] = [];
  for (let date = startDate; date < (endDate ?? addDays(startDate, 1)); date = addDays(date, 1)) holidays.push({ date, name });
  return holidays;
}

/**
 * Reads public holidays from an iCalendar (.ics) file: each all-day VEVENT is a holiday named by its
 * SUMMARY on every day from DTSTART up to its exclusive DTEND. Pure; every problem names its event and field.
 */
export function importHolidays(text: string): ImportedHolidays {
  const lines = contentLines(text);
  const problems: FieldProblem[] = [];
  if (lines[0]?.name !== 'BEGIN' || lines[0].value.trim().toUpperCase() !== 'VCALENDAR') {
    return { ok: false, problems: [{ path: 'VCALENDAR', message: 'the file does not begin with BEGIN:VCALENDAR' }] };
  }
  const holidays: ImportedHoliday[] = [];
  const firstEvent = new Map<IsoDate, string>();
  let event: ContentLine[] | null = null;
  let nested = 0;
  let count = 0;
  for (const line of lines) {
    const component = line.value.trim().toUpperCase();
    if (event && nested > 0) nested += line.name === 'BEGIN' ? 1 : line.name === 'END' ? -1 : 0;
    else if (line.name === 'BEGIN' && component === 'VEVENT') event = [];
    else if (event && line.name === 'BEGIN') nested = 1;
    else if (line.name === 'END' && component === 'VEVENT' && event) {
      const where = `VEVENT[${count}]`;
      for (const holiday of eventHolidays(event, where, problems)) {
        const earlier = firstEvent.get(holiday.date);
        if (earlier) problems.push({ path: `${where}.DTSTART`, message: `${holiday.date} is already a holiday in ${earlier}` });
        else firstEvent.set(holiday.date, where);
        holidays.push(holiday);
      }
      event = null;
      count += 1;
    } else if (event) event.push(line);
  }
  if (event) problems.push({ path: `VEVENT[${count}]`, message: 'has no END:VEVENT' });
  if (count === 0 && problems.length === 0) problems.push({ path: 'VEVENT', message: 'the file has no events' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, holidays };
}
