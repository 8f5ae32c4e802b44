import { buildEvent, decoderFor, ERASED, streamIdFor, type RecordedEventOf } from '@ctp/contracts';
import { problems, ProblemError } from '@ctp/service-kit';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { evolve, initialCaseState, type OpenedCase } from '../domain/case-state.js';
import type { SlaDeps } from '../sla-deps.js';

export type CaseRecordedEvent = RecordedEventOf<'case'>;

const caseEvent = decoderFor('case');

/** Roles that see subjects and bodies in clear; the others see them masked. */
export const personalDataRoles: ReadonlySet<string> = new Set(['agent', 'admin']);

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

/** Records that personal data of the case's customer was shown, on the customer's audit stream. */
export async function recordCaseRead(deps: Pick<SlaDeps, 'store' | 'clock'>, request: FastifyRequest, customerId: string, view: string, revealed: readonly string[]): Promise<void> {
  const fieldsRevealed = [...new Set(revealed)];
  if (fieldsRevealed.length === 0) return;
  const principal = request.principal!;
  const accessedBy = { kind: 'api-key' as const, id: principal.keyId, role: principal.role };
  const streamId = streamIdFor('audit', customerId);
  const event = buildEvent('PersonalDataAccessed', { customerId, accessedBy, purpose: 'service', view, fieldsRevealed }, {
    id: randomUUID(),
    streamId,
    occurredAt: deps.clock().toISOString(),
    correlationId: request.id,
    causationId: null,
    actor: accessedBy,
    traceparent: null,
  });
  await deps.store.append(streamId, [event], { expectedRevision: 'any' });
}
