import { decoderFor, ERASED, streamIdFor, type RecordedEventOf } from '@ctp/contracts';
import { problems, ProblemError } from '@ctp/service-kit';
import { evolve, initialCaseState, type OpenedCase } from '../domain/case-state.js';
import type { SlaDeps } from '../sla-deps.js';

export type CaseRecordedEvent = RecordedEventOf<'case'>;

const caseEvent = decoderFor('case');

export interface CaseHistory {
  readonly state: OpenedCase;
  readonly events: readonly CaseRecordedEvent[];
  /** The customer was erased: the subject and bodies are gone. */
  readonly erased: boolean;
}

/** The case from its stream (personal fields decrypted, or erased); a 404 for a case never opened. */
export async function caseHistory(deps: Pick<SlaDeps, 'store'>, caseId: string): Promise<CaseHistory> {
  const events = (await deps.store.readStream(streamIdFor('case', caseId))).map(caseEvent);
  const state = events.reduce(evolve, initialCaseState());
  if (state === null) throw new ProblemError(problems.CTP_NOT_FOUND, `no case ${caseId}`);
  const opened = events.find((event) => event.type === 'CaseOpened');
  return { state, events, erased: opened?.data.subject === ERASED };
}
