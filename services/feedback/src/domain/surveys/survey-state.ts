import type { EventData, SurveyEvent } from '@ctp/contracts';

export type Invitation = EventData<'SurveyInvited'>;

export interface FollowUp {
  readonly followUpId: string;
  readonly owner: EventData<'FollowUpOpened'>['owner'];
  readonly dueAt: string;
  readonly status: 'open' | 'overdue' | 'done';
}

/** An invitation stream (`survey-<invitationId>`): nothing yet, skipped, or invited and then answered (with its follow-up) or expired unanswered. */
export type SurveyState =
  | null
  | { readonly status: 'skipped' }
  | { readonly status: 'invited' | 'answered' | 'expired'; readonly invitation: Invitation; readonly followUp: FollowUp | null };

export const initialSurveyState = (): SurveyState => null;

export function evolveSurvey(state: SurveyState, event: SurveyEvent): SurveyState {
  switch (event.type) {
    case 'SurveySkipped':
      return { status: 'skipped' };
    case 'SurveyInvited':
      return { status: 'invited', invitation: event.data, followUp: null };
    case 'SurveyAnswered':
      return state && state.status !== 'skipped' ? { ...state, status: 'answered' } : state;
    case 'SurveyExpired':
      return state?.status === 'invited' ? { ...state, status: 'expired' } : state;
    case 'FollowUpOpened':
      return state && state.status !== 'skipped' ? { ...state, followUp: { followUpId: event.data.followUpId, owner: event.data.owner, dueAt: event.data.dueAt, status: 'open' } } : state;
    case 'FollowUpOverdue':
      return state && state.status !== 'skipped' && state.followUp ? { ...state, followUp: { ...state.followUp, status: 'overdue' } } : state;
    case 'FollowUpDone':
      return state && state.status !== 'skipped' && state.followUp ? { ...state, followUp: { ...state.followUp, status: 'done' } } : state;
    default:
      return state;
  }
}

/** A customer's survey ledger (`survey-recipient.<customerId>`): when they were last invited, to any survey. */
export interface RecipientState {
  readonly lastInvitedAt: string | null;
  readonly invitations: number;
}

export const initialRecipientState = (): RecipientState => ({ lastInvitedAt: null, invitations: 0 });

export function evolveRecipient(state: RecipientState, event: SurveyEvent): RecipientState {
  if (event.type !== 'SurveyRecipientInvited') return state;
  const later = state.lastInvitedAt === null || Date.parse(event.data.invitedAt) > Date.parse(state.lastInvitedAt);
  return { lastInvitedAt: later ? event.data.invitedAt : state.lastInvitedAt, invitations: state.invitations + 1 };
}
