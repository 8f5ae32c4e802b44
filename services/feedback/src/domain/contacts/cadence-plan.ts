import { addWorkingDays, calendarOf, defaultCalendarDocument, isoDateIn } from '@ctp/calendar';
import type { ContactKind } from '@ctp/contracts';

/** A tier's service entitlements (`TierPolicyVersionPublished` `tiers[].service`) that set its contact cadence. */
export interface Entitlements {
  readonly callbacksPerYear: number;
  readonly onSiteVisitsPerYear: number;
  readonly dedicatedManager: boolean;
}

export interface PlannedContact {
  readonly kind: ContactKind;
  readonly dueAt: string;
  readonly dueOn: string;
}

export interface CadenceYear {
  readonly from: string;
  readonly to: string;
}

const dayMs = 86_400_000;

/** The cadence year starting at `from` (the tier date, or the end of the year before): one calendar year later, same instant. */
export function cadenceYearFrom(from: string): CadenceYear {
  const end = new Date(from);
  end.setUTCFullYear(end.getUTCFullYear() + 1);
  return { from: new Date(from).toISOString(), to: end.toISOString() };
}

const contact = (kind: ContactKind, dueMs: number, timeZone: string): PlannedContact => ({ kind, dueAt: new Date(dueMs).toISOString(), dueOn: isoDateIn(dueMs, timeZone) });

/**
 * n contacts of a kind spread evenly over the year: the year cut into n equal slices, each contact due at
 * the end of its slice. Every customer gets at least one non-site callback a year.
 */
function spread(kind: ContactKind, count: number, year: CadenceYear, timeZone: string): PlannedContact[] {
  const from = Date.parse(year.from);
  const length = Date.parse(year.to) - from;
  return Array.from({ length: count }, (_, slice) => contact(kind, from + Math.round(((slice + 1) * length) / count), timeZone));
}

/** The planner: a tier's entitlements over a cadence year, in due order (callbacks before visits on the same instant). */
export function planCadenceYear(entitlements: Entitlements, year: CadenceYear, timeZone: string): PlannedContact[] {
  const callbacks = spread('callback', Math.max(1, entitlements.callbacksPerYear), year, timeZone);
  const visits = spread('visit', entitlements.onSiteVisitsPerYear, year, timeZone);
  return [...callbacks, ...visits].toSorted((a, b) => a.dueAt.localeCompare(b.dueAt) || a.kind.localeCompare(b.kind));
}

/** A dissatisfied customer (a complaint) gets an on-site visit within `withinDays`. */
export function planDissatisfactionVisit(at: string, withinDays: number, timeZone: string): PlannedContact {
  return contact('visit', Date.parse(at) + withinDays * dayMs, timeZone);
}

const businessCalendar = calendarOf(defaultCalendarDocument);

/** A win-back callback: due at close of business on the `workingDays`th working day after `at` (the default business calendar). */
export function planWinBackCallback(at: string, workingDays: number, timeZone: string): PlannedContact {
  return contact('callback', addWorkingDays(businessCalendar, Date.parse(at), workingDays).at, timeZone);
}
