import type { ComplaintEvent, EventData, RemedyKind } from '@ctp/contracts';

export type RemedyStatus = 'awaiting_approval' | 'settled' | 'rejected';

export interface Remedy {
  readonly remedyId: string;
  readonly kind: RemedyKind;
  readonly amount: string;
  readonly currency: string;
  readonly status: RemedyStatus;
}

/** A complaint case as feedback knows it: recorded at opening, then causes, repeat flags and remedies. */
export interface Complaint extends Omit<EventData<'ComplaintRecorded'>, never> {
  readonly team: string | null;
  readonly causes: readonly string[];
  /** Causes already flagged as a repeat: each is flagged once per complaint. */
  readonly repeatedCauses: readonly string[];
  readonly remedies: Readonly<Record<string, Remedy>>;
}

export type ComplaintState = Complaint | null;

export const initialComplaintState = (): ComplaintState => null;

function withRemedy(state: Complaint, remedyId: string, change: (remedy: Remedy) => Remedy): Complaint {
  const remedy = state.remedies[remedyId];
  return remedy ? { ...state, remedies: { ...state.remedies, [remedyId]: change(remedy) } } : state;
}

export function evolveComplaint(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  if (event.type === 'ComplaintRecorded') return { ...event.data, team: null, causes: [], repeatedCauses: [], remedies: {} };
  if (!state) return state;
  switch (event.type) {
    case 'ComplaintTeamAssigned':
      return { ...state, team: event.data.team };
    case 'ComplaintCausesSet':
      return { ...state, causes: event.data.causes };
    case 'RepeatComplaintFlagged':
      return { ...state, repeatedCauses: [...state.repeatedCauses, event.data.cause] };
    case 'RemedyRequested': {
      const { remedyId, kind, amount, currency, needsApproval } = event.data;
      return { ...state, remedies: { ...state.remedies, [remedyId]: { remedyId, kind, amount, currency, status: needsApproval ? 'awaiting_approval' : 'settled' } } };
    }
    case 'RemedySettled':
      return withRemedy(state, event.data.remedyId, (remedy) => ({ ...remedy, status: 'settled' }));
    case 'RemedyRejected':
      return withRemedy(state, event.data.remedyId, (remedy) => ({ ...remedy, status: 'rejected' }));
    default:
      return state;
  }
}
