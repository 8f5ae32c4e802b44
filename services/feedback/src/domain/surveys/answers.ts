import { surveyScales, type EventData, type SurveyTemplate } from '@ctp/contracts';
import { SurveyError, type SurveyIssue } from './errors.js';

/** What a response carries: the answer to each question, by the template's question id. */
export type SurveyAnswers = Readonly<Record<string, number | string>>;

export type ScoredAnswers = Pick<EventData<'SurveyAnswered'>, 'csat' | 'nps' | 'ces' | 'dimensions' | 'npsWhy' | 'comment'>;

type Question = SurveyTemplate['questions'][number];

function issueOf(question: Question | undefined, id: string, value: number | string): SurveyIssue | null {
  const path = `answers.${id}`;
  if (!question) return { path, message: `the template has no question ${id}`, rule: 'unknown_question' };
  if (question.kind === 'nps_why' || question.kind === 'comment') return typeof value === 'string' && value.trim().length > 0 ? null : { path, message: 'expected a non-empty text', rule: 'wrong_answer_kind' };
  if (typeof value !== 'number' || !Number.isInteger(value)) return { path, message: 'expected a whole-number score', rule: 'wrong_answer_kind' };
  const { min, max } = surveyScales[question.kind];
  return value < min || value > max ? { path, message: `${question.kind} is scored ${min}-${max}, not ${value}`, rule: 'out_of_range' } : null;
}

/** The answers read against the template: every refused answer at once (unknown question, wrong kind, out of range). */
export function scoreAnswers(template: SurveyTemplate, answers: SurveyAnswers): ScoredAnswers {
  const entries = Object.entries(answers);
  if (entries.length === 0) throw new SurveyError('no_answers', 'a response answers at least one question', [{ path: 'answers', message: 'empty', rule: 'no_answers' }]);
  const byId = new Map(template.questions.map((question) => [question.id, question]));
  const issues = entries.map(([id, value]) => issueOf(byId.get(id), id, value)).filter((issue) => issue !== null);
  if (issues.length > 0) throw new SurveyError(issues[0]!.rule, issues.map(({ path, message }) => `${path}: ${message}`).join('; '), issues);
  const valueOf = (kind: Question['kind']) => {
    const question = template.questions.find((candidate) => candidate.kind === kind && answers[candidate.id] !== undefined);
    return question ? answers[question.id]! : null;
  };
  const dimensions = Object.fromEntries(template.questions.filter(({ kind, id }) => kind === 'dimension' && answers[id] !== undefined).map(({ dimension, id }) => [dimension!, answers[id] as number]));
  return {
    csat: valueOf('csat') as number | null,
    nps: valueOf('nps') as number | null,
    ces: valueOf('ces') as number | null,
    dimensions,
    npsWhy: (valueOf('nps_why') as string | null)?.trim() ?? null,
    comment: (valueOf('comment') as string | null)?.trim() ?? null,
  };
}

export type PoorReason = 'csat' | 'nps' | 'ces';

/** A poor answer: CSAT 1-2, an NPS detractor (0-6), CES 1-3 ("made it easy" disagreed with). */
export function poorReasons({ csat, nps, ces }: Pick<ScoredAnswers, 'csat' | 'nps' | 'ces'>): PoorReason[] {
  return [...(csat !== null && csat <= 2 ? (['csat'] as const) : []), ...(nps !== null && nps <= 6 ? (['nps'] as const) : []), ...(ces !== null && ces <= 3 ? (['ces'] as const) : [])];
}
