import type { CaseChannel, ComplaintEvent } from '@ctp/contracts';
import type { ComplaintState } from './complaint-state.js';
import { Refusal } from './refusal.js';
import type { RootCauseTaxonomy } from './root-causes.js';

/** Another complaint of the same customer, as the complaints read model has it. */
export interface EarlierComplaint {
  readonly caseId: string;
  readonly openedAt: string;
  readonly causes: readonly string[];
}

export type ComplaintCommand =
  | { readonly kind: 'record'; readonly caseId: string; readonly customerId: string; readonly channel: CaseChannel; readonly tier: string | null; readonly openedAt: string }
  | { readonly kind: 'assign_team'; readonly caseId: string; readonly team: string; readonly at: string }
  | {
      readonly kind: 'set_causes';
      readonly causes: readonly string[];
      readonly stage: 'handling' | 'resolution';
      readonly taxonomy: RootCauseTaxonomy;
      /** The customer's other complaints; those opened within windowDays before this one count as its predecessors. */
      readonly earlier: readonly EarlierComplaint[];
      readonly windowDays: number;
      readonly at: string;
      readonly by: string;
    };

const dayMs = 86_400_000;

export function decideComplaint(command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] {
  switch (command.kind) {
    case 'record': {
      if (state) return [];
      const { caseId, customerId, channel, tier, openedAt } = command;
      return [{ type: 'ComplaintRecorded', data: { caseId, customerId, channel, tier, openedAt } }];
    }
    case 'assign_team':
      if (!state || state.team === command.team) return [];
      return [{ type: 'ComplaintTeamAssigned', data: { caseId: command.caseId, team: command.team, assignedAt: command.at } }];
    case 'set_causes':
      return setCauses(command, state);
  }
}

function setCauses(command: Extract<ComplaintCommand, { kind: 'set_causes' }>, state: ComplaintState): ComplaintEvent[] {
  if (!state) throw new Refusal('complaint_not_found', 'no complaint case with this id was recorded');
  const known = new Set(command.taxonomy.causes.map(({ code }) => code));
  const unknown = command.causes.filter((cause) => !known.has(cause));
  if (unknown.length > 0) throw new Refusal('unknown_cause', `not in root-cause taxonomy version ${command.taxonomy.version}: ${unknown.join(', ')}`);
  const causes = [...new Set(command.causes)];
  const { caseId, customerId } = state;
  const unchanged = causes.length === state.causes.length && causes.every((cause) => state.causes.includes(cause));
  const set: ComplaintEvent[] = unchanged
    ? []
    : [{ type: 'ComplaintCausesSet', data: { caseId, customerId, causes, taxonomyVersion: command.taxonomy.version, stage: command.stage, setAt: command.at, by: command.by } }];
  return [...set, ...repeatFlags(command, state, causes)];
}

/** For each cause not flagged yet: the latest earlier complaint of the customer with that cause within the window. */
function repeatFlags(command: Extract<ComplaintCommand, { kind: 'set_causes' }>, state: NonNullable<ComplaintState>, causes: readonly string[]): ComplaintEvent[] {
  const opened = Date.parse(state.openedAt);
  const windowStart = opened - command.windowDays * dayMs;
  const predecessors = command.earlier
    .filter(({ caseId, openedAt }) => caseId !== state.caseId && Date.parse(openedAt) < opened && Date.parse(openedAt) >= windowStart)
    .toSorted((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt));
  return causes.flatMap((cause): ComplaintEvent[] => {
    const earlier = state.repeatedCauses.includes(cause) ? undefined : predecessors.find((complaint) => complaint.causes.includes(cause));
    if (!earlier) return [];
    const { caseId, customerId } = state;
    return [{ type: 'RepeatComplaintFlagged', data: { caseId, customerId, cause, earlierCaseId: earlier.caseId, earlierOpenedAt: earlier.openedAt, windowDays: command.windowDays, flaggedAt: command.at } }];
  });
}
