import { describe, expect, it } from 'vitest';
import { addSums, noSums, scoresOf } from './scores.js';

describe('survey scores from counts and sums', () => {
  it('CSAT is the share of 4-5, NPS % 9-10 minus % 0-6, CES the mean, with sample sizes and the response rate', () => {
    const sums = addSums(
      { ...noSums, invited: 10, responded: 4, csatN: 4, csatTop: 3, npsN: 4, promoters: 2, detractors: 1, cesN: 4, cesSum: 22, dimensions: { attitude: { n: 2, sum: 150 } } },
      { ...noSums, invited: 10, responded: 1, csatN: 1, csatTop: 0, npsN: 1, promoters: 0, detractors: 1, cesN: 0, cesSum: 0, dimensions: { attitude: { n: 1, sum: 30 } } },
    );
    const scores = scoresOf(sums);
    expect(scores).toMatchObject({ invitations: 20, responses: 5, responseRate: 25, csat: { score: 60, n: 5 }, nps: { score: 0, promoters: 2, detractors: 2, n: 5 }, ces: { mean: 5.5, n: 4 } });
    expect(scores.dimensions.attitude).toEqual({ mean: 60, n: 3 });
    expect(scores.dimensions.speed).toEqual({ mean: null, n: 0 });
  });

  it('no answers: scores are null, never 0', () => {
    expect(scoresOf(noSums)).toMatchObject({ responseRate: null, csat: { score: null, n: 0 }, nps: { score: null }, ces: { mean: null } });
  });
});
