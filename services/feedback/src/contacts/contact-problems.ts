import { WrongExpectedRevisionError } from '@ctp/event-store';
import { problems, ProblemError } from '@ctp/service-kit';
import { ContactError, type ContactErrorCode } from '../domain/contacts/contact-errors.js';

const fields: Partial<Record<ContactErrorCode, string>> = {
  outcome_not_for_kind: 'body.outcome',
  channel_not_for_kind: 'body.channel',
  visit_report_needs_text: 'body.note',
  obligation_cancelled: 'params.obligationId',
  obligation_fulfilled: 'params.obligationId',
};

/** A refusal as 422 with its rule on the field that caused it; an unknown obligation as 404; a lost race as 409. */
export async function asContactProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ContactError && error.code === 'obligation_not_found') throw new ProblemError(problems.CTP_NOT_FOUND, error.message);
    if (error instanceof ContactError) throw new ProblemError(problems.CTP_UNPROCESSABLE, error.message, [{ path: fields[error.code] ?? 'body', message: error.message, rule: error.code }]);
    if (error instanceof WrongExpectedRevisionError) throw new ProblemError(problems.CTP_CONFLICT, 'changed concurrently; read again and retry');
    throw error;
  }
}
