import { decoderFor, streamIdFor, type CaseEvent } from '@ctp/contracts';
import { handleCommand, type CommandContext, type HandledCommand, type StreamDecider } from '@ctp/event-store';
import { evolve, initialCaseState, type CaseState } from '../domain/case-state.js';
import type { CaseRules } from '../domain/decide-case.js';
import { loadCaseRules } from '../case-rules.js';
import { SlaError } from '../domain/errors.js';
import type { SlaDeps } from '../sla-deps.js';

/** A case stream as a fold of its events (decrypted: subjects and bodies are personal). */
export const caseDecider: StreamDecider<CaseState, CaseEvent> = { initialState: initialCaseState, evolve, decode: decoderFor('case') };

export const slaActor = { kind: 'service', id: 'sla' } as const;

/**
 * The rules a case counts on: the policy version it recorded, or the latest of the service's policy for a
 * case not opened yet, with the calendars that version names.
 */
export async function rulesFor(deps: Pick<SlaDeps, 'store' | 'policyId'>, state: CaseState): Promise<CaseRules> {
  const rules = state ? await loadCaseRules(deps, state.slaPolicy.policyId, state.slaPolicy.policyVersion) : await loadCaseRules(deps, deps.policyId);
  if (!rules) throw new SlaError('no_matching_sla_rule', state ? `SLA policy ${state.slaPolicy.policyId} v${state.slaPolicy.policyVersion} is not published` : `SLA policy ${deps.policyId} is not published`);
  return rules;
}

/**
 * Load, decide with the case's rules, append through the shared command handler: a cause already on the
 * stream appends nothing (a retried request, a redelivered event, a re-fired timer).
 */
export function withCaseStream(
  deps: Pick<SlaDeps, 'store' | 'policyId'>,
  caseId: string,
  context: CommandContext,
  decideOn: (state: CaseState, rules: CaseRules) => readonly CaseEvent[],
): Promise<HandledCommand<CaseState>> {
  return handleCommand(deps.store, streamIdFor('case', caseId), caseDecider, async (state) => decideOn(state, await rulesFor(deps, state)), context);
}
