import { surveyDimensions } from '@ctp/contracts';
import { sumCounts, tally, valuesOf, type Counts } from '../figure-months/counts.js';
import { groupRows, type GroupKey } from '../metrics/grouping.js';
import { mean, ratio, round } from '../metrics/ratios.js';
import { isSatisfied, npsGroupOf, type SatisfactionDimension, type SurveyFact } from './survey-facts.js';

export const trendDefinitions = {
  month: 'the month the invitation was sent, in the business time zone; an answer counts in its invitation’s month',
  responseRate: 'answered / invited',
  csat: 'satisfied (CSAT 4 or 5) / answers with a CSAT score (1-5); the programme’s “satisfaction 78 % -> 85 %”',
  nps: '100 × (promoters (9-10) − detractors (0-6)) / answers with an NPS score (0-10), in points',
  ces: 'mean of the CES answers (1-7, higher is easier)',
  dimensions: 'each dimension score: mean of its answers (0-100), with their count',
  skipped: 'a skipped survey (no consent, cooldown) is no invitation and is not counted',
};

export const trendFigureColumns = [
  'invited', 'answered', 'responseRate',
  'csat', 'satisfied', 'csatAnswers',
  'nps', 'npsAnswers', 'promoters', 'passives', 'detractors',
  'ces', 'cesAnswers',
  ...surveyDimensions.flatMap((dimension) => [dimension, `${dimension}Answers`]),
] as const;

export interface TrendRow {
  readonly key: GroupKey;
  readonly figures: Readonly<Record<(typeof trendFigureColumns)[number], number | null>>;
}

/** One row per group of invitations: counts, response rate, CSAT, NPS, CES and dimension means, each with its sample size. */
export function satisfactionTrend(facts: readonly SurveyFact[], groupBy: readonly SatisfactionDimension[]): TrendRow[] {
  return groupRows(facts, groupBy, (fact, dimension) => fact[dimension as SatisfactionDimension]).map(({ key, rows }) => ({ key, figures: trendFigures(sumCounts(rows.map(surveyCounts))) }));
}

/** What one invitation adds to its group's figures: invited, answered and, of an answer, each score as a histogram bin (`csat:5`, `dimension:speed:80`). */
export function surveyCounts(fact: SurveyFact): Counts {
  if (!fact.answered) return { invited: 1 };
  const scores = [
    ...(['csat', 'nps', 'ces'] as const).flatMap((scale) => (fact[scale] === null ? [] : [`${scale}:${fact[scale]}`])),
    ...Object.entries(fact.dimensions).map(([dimension, score]) => `dimension:${dimension}:${score}`),
  ];
  return { invited: 1, answered: 1, ...tally(scores) };
}

/** A group's figures from the sum of its invitations' counts. */
export function trendFigures(counts: Counts): TrendRow['figures'] {
  const [invited, answered] = [counts['invited'] ?? 0, counts['answered'] ?? 0];
  const csats = valuesOf(counts, 'csat');
  const npss = valuesOf(counts, 'nps');
  const cess = valuesOf(counts, 'ces');
  const response = ratio(answered, invited);
  const satisfaction = ratio(csats.filter(isSatisfied).length, csats.length);
  const groups = { promoter: 0, passive: 0, detractor: 0 };
  for (const score of npss) groups[npsGroupOf(score)] += 1;
  const dimensionFigures = Object.fromEntries(
    surveyDimensions.flatMap((dimension) => {
      const values = valuesOf(counts, `dimension:${dimension}`);
      return [[dimension, mean(values)], [`${dimension}Answers`, values.length]];
    }),
  ) as Record<(typeof surveyDimensions)[number] | `${(typeof surveyDimensions)[number]}Answers`, number | null>;
  return {
    invited,
    answered,
    responseRate: response.value,
    csat: satisfaction.value,
    satisfied: satisfaction.numerator,
    csatAnswers: satisfaction.denominator,
    nps: npss.length === 0 ? null : round((100 * (groups.promoter - groups.detractor)) / npss.length),
    npsAnswers: npss.length,
    promoters: groups.promoter,
    passives: groups.passive,
    detractors: groups.detractor,
    ces: mean(cess),
    cesAnswers: cess.length,
    ...dimensionFigures,
  };
}
