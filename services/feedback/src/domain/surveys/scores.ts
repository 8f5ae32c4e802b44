import { surveyDimensions, type SurveyDimension } from '@ctp/contracts';

/** Counts and sums kept per segment (the read model), from which every score is derived at query time. */
export interface ScoreSums {
  readonly invited: number;
  readonly responded: number;
  readonly csatN: number;
  /** Answers of 4 or 5. */
  readonly csatTop: number;
  readonly npsN: number;
  /** Answers of 9 or 10. */
  readonly promoters: number;
  /** Answers of 0 to 6. */
  readonly detractors: number;
  readonly cesN: number;
  readonly cesSum: number;
  readonly dimensions: Partial<Record<SurveyDimension, { readonly n: number; readonly sum: number }>>;
}

export const noSums: ScoreSums = { invited: 0, responded: 0, csatN: 0, csatTop: 0, npsN: 0, promoters: 0, detractors: 0, cesN: 0, cesSum: 0, dimensions: {} };

export function addSums(a: ScoreSums, b: ScoreSums): ScoreSums {
  const dimensions = Object.fromEntries(
    surveyDimensions
      .filter((dimension) => a.dimensions[dimension] || b.dimensions[dimension])
      .map((dimension) => [dimension, { n: (a.dimensions[dimension]?.n ?? 0) + (b.dimensions[dimension]?.n ?? 0), sum: (a.dimensions[dimension]?.sum ?? 0) + (b.dimensions[dimension]?.sum ?? 0) }]),
  );
  return {
    invited: a.invited + b.invited,
    responded: a.responded + b.responded,
    csatN: a.csatN + b.csatN,
    csatTop: a.csatTop + b.csatTop,
    npsN: a.npsN + b.npsN,
    promoters: a.promoters + b.promoters,
    detractors: a.detractors + b.detractors,
    cesN: a.cesN + b.cesN,
    cesSum: a.cesSum + b.cesSum,
    dimensions,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;
const ratio = (part: number, whole: number) => (whole === 0 ? null : round((100 * part) / whole));
const mean = (sum: number, n: number) => (n === 0 ? null : round(sum / n));

/**
 * The standard definitions: CSAT = % of answers 4-5 on 1-5; NPS = % promoters (9-10) - % detractors (0-6)
 * on 0-10; CES = mean on 1-7; each dimension the mean on 0-100. Every score comes with its sample size,
 * and the response rate (% of invitations answered) with the invitations it counts. Null: no answers.
 */
export function scoresOf(sums: ScoreSums) {
  return {
    invitations: sums.invited,
    responses: sums.responded,
    responseRate: ratio(sums.responded, sums.invited),
    csat: { score: ratio(sums.csatTop, sums.csatN), n: sums.csatN },
    nps: { score: sums.npsN === 0 ? null : round(ratio(sums.promoters, sums.npsN)! - ratio(sums.detractors, sums.npsN)!), promoters: sums.promoters, detractors: sums.detractors, n: sums.npsN },
    ces: { mean: mean(sums.cesSum, sums.cesN), n: sums.cesN },
    dimensions: Object.fromEntries(surveyDimensions.map((dimension) => [dimension, { mean: mean(sums.dimensions[dimension]?.sum ?? 0, sums.dimensions[dimension]?.n ?? 0), n: sums.dimensions[dimension]?.n ?? 0 }])),
  };
}
