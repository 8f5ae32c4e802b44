import { describe, expect, it } from 'vitest';
import { matchesSurvey, type SurveyFact } from './survey-facts.js';
import { satisfactionTrend } from './satisfaction-trend.js';

const invited = (fact: Partial<SurveyFact> = {}): SurveyFact => ({ month: '2026-03', tier: 'gold', channel: 'phone', kind: 'transactional', answered: false, csat: null, nps: null, ces: null, dimensions: {}, ...fact });
const answer = (fact: Partial<SurveyFact>) => invited({ answered: true, ...fact });

describe('the satisfaction trend', () => {
  // March: 5 invitations, 4 answered.
  const march = [
    answer({ csat: 5, nps: 10, ces: 6, dimensions: { speed: 80, attitude: 90 } }),
    answer({ csat: 4, nps: 8, ces: 4, dimensions: { speed: 60 } }),
    answer({ csat: 2, nps: 3, ces: null }),
    answer({ csat: null, nps: 9 }),
    invited(),
  ];

  it('counts response rate, CSAT, NPS, CES and the dimension means of one month by hand', () => {
    const [row] = satisfactionTrend(march, ['month']);
    expect(row!.key).toEqual({ month: '2026-03' });
    expect(row!.figures).toMatchObject({
      invited: 5, answered: 4, responseRate: 0.8, // 4 / 5
      csat: 0.6667, satisfied: 2, csatAnswers: 3, // 5 and 4 of 5, 4, 2
      // 10 and 9 promoters, 8 passive, 3 detractor: 100 × (2 − 1) / 4
      nps: 25, npsAnswers: 4, promoters: 2, passives: 1, detractors: 1,
      ces: 5, cesAnswers: 2, // (6 + 4) / 2
      speed: 70, speedAnswers: 2, attitude: 90, attitudeAnswers: 1, efficiency: null, efficiencyAnswers: 0,
    });
  });

  it('gives no score, not zero, without answers, and groups by tier with none for no tier', () => {
    const rows = satisfactionTrend([invited({ tier: null }), invited({ tier: null }), answer({ tier: 'gold', csat: 1, nps: 0 })], ['tier']);
    expect(rows.map(({ key }) => key)).toEqual([{ tier: 'gold' }, { tier: null }]);
    expect(rows[0]!.figures).toMatchObject({ invited: 1, answered: 1, responseRate: 1, csat: 0, nps: -100, detractors: 1 });
    expect(rows[1]!.figures).toMatchObject({ invited: 2, answered: 0, responseRate: 0, csat: null, csatAnswers: 0, nps: null, ces: null });
  });

  it('selects by the drill filters: none, answered, CSAT satisfied, NPS group', () => {
    expect(march.filter((fact) => matchesSurvey(fact, { csat: 'satisfied' }))).toHaveLength(2);
    expect(march.filter((fact) => matchesSurvey(fact, { csat: 'unsatisfied' }))).toHaveLength(1);
    expect(march.filter((fact) => matchesSurvey(fact, { nps: 'promoter', answered: 'yes' }))).toHaveLength(2);
    expect(march.filter((fact) => matchesSurvey(fact, { answered: 'no', month: '2026-03' }))).toHaveLength(1);
    expect(matchesSurvey(invited({ tier: null }), { tier: 'none' })).toBe(true);
    expect(matchesSurvey(invited(), { tier: 'none' })).toBe(false);
    expect(matchesSurvey(invited(), { from: '2026-04', to: '2026-05' })).toBe(false);
  });
});
