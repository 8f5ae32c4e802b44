import { WrongExpectedRevisionError } from '@ctp/event-store';
import { problems, ProblemError } from '@ctp/service-kit';
import { SlaError, type SlaErrorCode } from './domain/errors.js';

/**
 * Domain refusals as 422 with the rule's stable code, on the field that caused them; a case the path
 * names that was never opened as 404; a lost race on a stream as 409.
 */
export async function asProblem<T>(work: () => Promise<T>, fields: Partial<Record<SlaErrorCode, string>> = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SlaError && error.code === 'case_not_found') throw new ProblemError(problems.CTP_NOT_FOUND, error.message);
    if (error instanceof SlaError) throw new ProblemError(problems.CTP_UNPROCESSABLE, error.message, [{ path: fields[error.code] ?? 'body', message: error.message, rule: error.code }]);
    if (error instanceof WrongExpectedRevisionError) throw new ProblemError(problems.CTP_CONFLICT, 'changed concurrently; read again and retry');
    throw error;
  }
}
