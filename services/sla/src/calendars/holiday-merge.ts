import type { CalendarDocument, ImportedHoliday } from '@ctp/calendar';

export interface AlreadyListed extends ImportedHoliday {
  /** Where the calendar already lists the date: holidays[3], makeUpDays[0], overrides[1]. */
  readonly listedAt: string;
}

export interface MergedHolidays {
  readonly document: CalendarDocument;
  readonly added: readonly ImportedHoliday[];
  readonly alreadyListed: readonly AlreadyListed[];
}

/**
 * The document with the imported holidays added, in date order. A date the calendar already lists
 * (as a holiday, a make-up day or an override) keeps the calendar's own rule and is reported.
 */
export function mergeHolidays(document: CalendarDocument, imported: readonly ImportedHoliday[]): MergedHolidays {
  const listed = new Map<string, string>();
  for (const list of ['holidays', 'makeUpDays', 'overrides'] as const) document[list].forEach(({ date }, index) => listed.set(date, `${list}[${index}]`));
  const added = imported.filter(({ date }) => !listed.has(date));
  const alreadyListed = imported.flatMap((holiday) => {
    const listedAt = listed.get(holiday.date);
    return listedAt ? [{ ...holiday, listedAt }] : [];
  });
  const holidays = [...document.holidays, ...added.map(({ date, name }) => ({ date, name }))].sort((a, b) => a.date.localeCompare(b.date));
  return { document: { ...document, holidays }, added, alreadyListed };
}
