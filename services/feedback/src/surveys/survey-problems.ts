import { WrongExpectedRevisionError } from '@ctp/event-store';
import { problems, ProblemError } from '@ctp/service-kit';
import { SurveyError } from '../domain/surveys/errors.js';

const notFound = new Set(['invitation_not_found', 'follow_up_not_found', 'template_not_found']);

/** Survey refusals as 422 with their rule codes on the fields that caused them; an unknown invitation or follow-up 404; a lost race 409. */
export async function asSurveyProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SurveyError && notFound.has(error.code)) throw new ProblemError(problems.CTP_NOT_FOUND, error.message);
    if (error instanceof SurveyError) {
      const issues = error.issues.length > 0 ? error.issues.map(({ path, message, rule }) => ({ path: `body.${path}`, message, rule })) : [{ path: 'body', message: error.message, rule: error.code }];
      throw new ProblemError(problems.CTP_UNPROCESSABLE, error.message, issues);
    }
    if (error instanceof WrongExpectedRevisionError) throw new ProblemError(problems.CTP_CONFLICT, 'changed concurrently; read again and retry');
    throw error;
  }
}
