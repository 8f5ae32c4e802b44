import type { TraceEvent } from '../metrics/drill.js';
import type { ListingMonths } from '../metrics/listing-period.js';
import { monthIn, type Month } from '../metrics/period.js';
import type { ComplaintFactDocument } from './complaint-fact-projection.js';

export const complaintDimensions = ['tier', 'channel', 'team'] as const;
export type ComplaintDimension = (typeof complaintDimensions)[number];

/** A complaint as the figures count it: months in the business time zone. */
export interface ComplaintFact {
  readonly caseId: string;
  readonly customerId: string;
  readonly tier: string | null;
  readonly channel: string | null;
  readonly team: string | null;
  readonly causes: readonly string[];
  readonly repeat: boolean;
  readonly openedAt: number;
  readonly month: Month;
  /** The first resolution, if any. */
  readonly resolvedAt: number | null;
  readonly resolvedMonth: Month | null;
  readonly closedAt: number | null;
  /** Neither resolved nor closed. */
  readonly open: boolean;
  /** The complaint's events and its case's, by position. */
  readonly trace: readonly TraceEvent[];
}

/** Null for a stub: a case event arrived for a case not (yet) recorded as a complaint. */
export function complaintFactOf(document: ComplaintFactDocument, timeZone: string): ComplaintFact | null {
  const { openedAt, customerId } = document;
  if (openedAt === undefined || customerId === undefined) return null;
  const resolvedAt = document.resolvedAt?.getTime() ?? null;
  const closedAt = document.closedAt?.getTime() ?? null;
  const trace = [...(document.trace ?? []), ...(document.caseTrace ?? [])].sort((a, b) => a.position.length - b.position.length || (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  return {
    caseId: document._id, customerId, tier: document.tier ?? null, channel: document.channel ?? null, team: document.team ?? null,
    causes: document.causes ?? [], repeat: (document.repeats ?? []).length > 0,
    openedAt: openedAt.getTime(), month: monthIn(openedAt.getTime(), timeZone),
    resolvedAt, resolvedMonth: resolvedAt === null ? null : monthIn(resolvedAt, timeZone), closedAt,
    open: resolvedAt === null && closedAt === null, trace,
  };
}

/** The months (`month`, or `from` to `to`) are those the complaint was opened in. */
export interface ComplaintFilters extends ListingMonths {
  readonly resolvedMonth?: Month | undefined;
  readonly tier?: string | undefined;
  readonly channel?: string | undefined;
  readonly team?: string | undefined;
  /** A cause code, or none: complaints without causes. */
  readonly cause?: string | undefined;
  readonly repeat?: 'yes' | 'no' | undefined;
  readonly open?: 'yes' | 'no' | undefined;
}

export const dimensionMatchesOf = (wanted: string | undefined, value: string | null) => wanted === undefined || (wanted === 'none' ? value === null : wanted === value);
const flagMatches = (wanted: 'yes' | 'no' | undefined, value: boolean) => wanted === undefined || value === (wanted === 'yes');

/** The one test both the figures and the `complaints` listing apply, so a drill lists exactly a row's complaints. */
export function matchesComplaint(fact: Pick<ComplaintFact, 'month' | 'resolvedMonth' | 'tier' | 'channel' | 'team' | 'causes' | 'repeat' | 'open'>, filters: ComplaintFilters): boolean {
  if (filters.from !== undefined && fact.month < filters.from) return false;
  if (filters.to !== undefined && fact.month > filters.to) return false;
  if (filters.month !== undefined && fact.month !== filters.month) return false;
  if (filters.resolvedMonth !== undefined && fact.resolvedMonth !== filters.resolvedMonth) return false;
  if (!dimensionMatchesOf(filters.tier, fact.tier) || !dimensionMatchesOf(filters.channel, fact.channel) || !dimensionMatchesOf(filters.team, fact.team)) return false;
  if (filters.cause !== undefined && (filters.cause === 'none' ? fact.causes.length > 0 : !fact.causes.includes(filters.cause))) return false;
  return flagMatches(filters.repeat, fact.repeat) && flagMatches(filters.open, fact.open);
}

export const dimensionOf = (fact: ComplaintFact, dimension: string): string | null => (dimension === 'tier' ? fact.tier : dimension === 'channel' ? fact.channel : dimension === 'team' ? fact.team : dimension === 'month' ? fact.month : null);
