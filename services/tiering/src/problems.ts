import { WrongExpectedRevisionError } from '@ctp/event-store';
import { problems, ProblemError } from '@ctp/service-kit';
import { TieringError } from './domain/errors.js';

/** Domain refusals as 422 with the rule's stable code; a lost race on a stream as 409. */
export async function asProblem<T>(work: () => Promise<T>, field = 'body'): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TieringError) throw new ProblemError(problems.CTP_UNPROCESSABLE, error.message, [{ path: field, message: error.message, rule: error.code }]);
    if (error instanceof WrongExpectedRevisionError) throw new ProblemError(problems.CTP_CONFLICT, 'changed concurrently; read again and retry');
    throw error;
  }
}
