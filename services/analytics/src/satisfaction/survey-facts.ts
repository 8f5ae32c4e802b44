import type { ListingMonths } from '../metrics/listing-period.js';
import { monthIn, type Month } from '../metrics/period.js';
import type { InvitationDocument } from './invitation-projection.js';

export const satisfactionDimensions = ['month', 'tier', 'channel', 'kind'] as const;
export type SatisfactionDimension = (typeof satisfactionDimensions)[number];

/** An invitation as the figures count it: its month of invitation in the business time zone. */
export interface SurveyFact {
  readonly month: Month;
  readonly tier: string | null;
  readonly channel: string | null;
  readonly kind: string | null;
  readonly answered: boolean;
  readonly csat: number | null;
  readonly nps: number | null;
  readonly ces: number | null;
  readonly dimensions: Readonly<Record<string, number>>;
}

export type NpsGroup = 'promoter' | 'passive' | 'detractor';

/** NPS groups (Reichheld): 9-10 promoters, 7-8 passives, 0-6 detractors. */
export function npsGroupOf(score: number): NpsGroup {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/** CSAT top-2 box: 4 or 5 on the 1-5 scale is satisfied. */
export const isSatisfied = (csat: number) => csat >= 4;

/** Null for a skipped survey: it was never an invitation. */
export function surveyFactOf(document: InvitationDocument, timeZone: string): SurveyFact | null {
  if (document.status === 'skipped' || document.invitedAt === null) return null;
  const { tier, channel, kind, csat, nps, ces, dimensions } = document;
  return { month: monthIn(document.invitedAt.getTime(), timeZone), tier: tier ?? null, channel: channel ?? null, kind: kind ?? null, answered: document.status === 'answered', csat: csat ?? null, nps: nps ?? null, ces: ces ?? null, dimensions: dimensions ?? {} };
}

export interface SurveyFilters extends ListingMonths {
  readonly tier?: string | undefined;
  readonly channel?: string | undefined;
  readonly kind?: string | undefined;
  readonly answered?: 'yes' | 'no' | undefined;
  readonly csat?: 'satisfied' | 'unsatisfied' | undefined;
  readonly nps?: NpsGroup | undefined;
}

/** `none` selects facts without a value. */
export const dimensionMatches = (wanted: string | undefined, value: string | null) => wanted === undefined || (wanted === 'none' ? value === null : wanted === value);

/** The one test both the figures and their drill listing apply, so a drill lists exactly a row's facts. */
export function matchesSurvey(fact: Pick<SurveyFact, 'month' | 'tier' | 'channel' | 'kind' | 'answered' | 'csat' | 'nps'>, filters: SurveyFilters): boolean {
  if (filters.from !== undefined && fact.month < filters.from) return false;
  if (filters.to !== undefined && fact.month > filters.to) return false;
  if (filters.month !== undefined && fact.month !== filters.month) return false;
  if (!dimensionMatches(filters.tier, fact.tier) || !dimensionMatches(filters.channel, fact.channel) || !dimensionMatches(filters.kind, fact.kind)) return false;
  if (filters.answered !== undefined && fact.answered !== (filters.answered === 'yes')) return false;
  if (filters.csat !== undefined && (fact.csat === null || isSatisfied(fact.csat) !== (filters.csat === 'satisfied'))) return false;
  if (filters.nps !== undefined && (fact.nps === null || npsGroupOf(fact.nps) !== filters.nps)) return false;
  return true;
}
