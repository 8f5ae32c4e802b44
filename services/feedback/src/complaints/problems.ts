import { WrongExpectedRevisionError } from '@ctp/event-store';
import { problems, ProblemError } from '@ctp/service-kit';
import { Refusal, type RefusalCode } from '../domain/complaints/refusal.js';

const notFound: readonly RefusalCode[] = ['complaint_not_found', 'remedy_not_found', 'action_not_found'];

/**
 * Refusals as 422 with the rule's code on the field that caused them; what the path names and does not
 * exist as 404; a lost race on a stream as 409.
 */
export async function asProblem<T>(work: () => Promise<T>, fields: Partial<Record<RefusalCode, string>> = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refusal && notFound.includes(error.code) && fields[error.code] === undefined) throw new ProblemError(problems.CTP_NOT_FOUND, error.message);
    if (error instanceof Refusal) throw new ProblemError(problems.CTP_UNPROCESSABLE, error.message, [{ path: fields[error.code] ?? 'body', message: error.message, rule: error.code }]);
    if (error instanceof WrongExpectedRevisionError) throw new ProblemError(problems.CTP_CONFLICT, 'changed concurrently; read again and retry');
    throw error;
  }
}
