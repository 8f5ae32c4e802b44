import { decoderFor, streamIdFor, type SurveyEvent } from '@ctp/contracts';
import { envelopes, handleCommand, retryOnRevisionConflict, type CommandContext, type HandledCommand, type StreamDecider } from '@ctp/event-store';
import { decideSurvey, type SurveyCommand } from '../domain/surveys/decide-survey.js';
import { evolveRecipient, evolveSurvey, initialRecipientState, initialSurveyState, type RecipientState, type SurveyState } from '../domain/surveys/survey-state.js';
import type { SurveyDeps } from './survey-deps.js';

const decode = decoderFor('survey');
export const surveyDecider: StreamDecider<SurveyState, SurveyEvent> = { initialState: initialSurveyState, evolve: evolveSurvey, decode };
const recipientDecider: StreamDecider<RecipientState, SurveyEvent> = { initialState: initialRecipientState, evolve: evolveRecipient, decode };

export const invitationStreamId = (invitationId: string) => streamIdFor('survey', invitationId);
/** The customer's ledger of invitations, in the survey category beside the invitations. */
export const recipientStreamId = (customerId: string) => streamIdFor('survey', `recipient.${customerId}`);

export const feedbackActor = { kind: 'service', id: 'feedback' } as const;

/** Load, decide, append one invitation stream (respond, follow-ups); a cause already on it appends nothing. */
export function withSurveyStream(deps: Pick<SurveyDeps, 'store'>, invitationId: string, context: CommandContext, command: (state: SurveyState) => SurveyCommand | Promise<SurveyCommand>): Promise<HandledCommand<SurveyState>> {
  return handleCommand(deps.store, invitationStreamId(invitationId), surveyDecider, async (state) => decideSurvey(await command(state), state), context);
}

type InviteCommand = Extract<SurveyCommand, { kind: 'invite' }>;
const revisionOf = (events: readonly unknown[]) => (events.length === 0 ? ('no_stream' as const) : events.length - 1);

/**
 * An invitation decided on the customer's ledger (the cooldown) and appended with it in one atomic
 * appendMany, both at the revisions read: two invitations of one customer racing conflict, and the
 * loser decides again on the ledger the winner wrote. A cause already on the invitation appends nothing.
 * Answers the invitation's state after the command.
 */
export async function inviteOnLedger(deps: Pick<SurveyDeps, 'store'>, command: Omit<InviteCommand, 'lastInvitedAt'>, context: CommandContext): Promise<SurveyState> {
  const { invitationId, customerId, kind } = command.invitation;
  const [invitationStream, ledgerStream] = [invitationStreamId(invitationId), recipientStreamId(customerId)];
  return retryOnRevisionConflict(5, async () => {
    const streams = await deps.store.readStreams([invitationStream, ledgerStream]);
    const invitationEvents = streams.get(invitationStream) ?? [];
    const ledgerEvents = streams.get(ledgerStream) ?? [];
    const state = invitationEvents.map(decode).reduce(surveyDecider.evolve, surveyDecider.initialState());
    if (invitationEvents.some((event) => event.causationId === context.causationId)) return state;
    const ledger = ledgerEvents.map(decode).reduce(recipientDecider.evolve, recipientDecider.initialState());
    const decided = decideSurvey({ ...command, lastInvitedAt: ledger.lastInvitedAt }, state);
    if (decided.length === 0) return state;
    const invited = decided.find((event) => event.type === 'SurveyInvited');
    const ledgerEntry: SurveyEvent[] = invited ? [{ type: 'SurveyRecipientInvited', data: { invitationId, customerId, kind, invitedAt: invited.data.invitedAt } }] : [];
    await deps.store.appendMany([
      { streamId: invitationStream, events: envelopes(invitationStream, decided, context), expectedRevision: revisionOf(invitationEvents) },
      ...(ledgerEntry.length > 0 ? [{ streamId: ledgerStream, events: envelopes(ledgerStream, ledgerEntry, context), expectedRevision: revisionOf(ledgerEvents) }] : []),
    ]);
    return decided.reduce(surveyDecider.evolve, state);
  });
}
