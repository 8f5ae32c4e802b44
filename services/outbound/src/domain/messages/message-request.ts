import { nameUuid, type CustomerMessageKind, type RecordedEventOf } from '@ctp/contracts';

/** What a triggering event asks to write to a customer; its id derives from the cause, so a redelivery asks once. */
// A type, not an interface: it travels as a timer's JSON payload.
export type MessageRequest = {
  readonly messageId: string;
  readonly customerId: string;
  readonly kind: CustomerMessageKind;
  readonly purpose: string;
  readonly cause: { readonly type: string; readonly eventId: string };
  /** A survey invitation's link and deadline; null for stage communications. */
  readonly survey: { readonly invitationId: string; readonly expiresAt: string } | null;
};

/** The consent each kind needs: invitations the survey purpose, stage communications (welcome, care, win-back) marketing. */
export function purposeOf(kind: CustomerMessageKind): 'survey' | 'marketing' {
  return kind === 'survey_invitation' ? 'survey' : 'marketing';
}

const request = (event: { id: string; type: string }, customerId: string, kind: CustomerMessageKind, survey: MessageRequest['survey']): MessageRequest => ({
  messageId: nameUuid(['customer-message', event.id]),
  customerId,
  kind,
  purpose: purposeOf(kind),
  cause: { type: event.type, eventId: event.id },
  survey,
});

/** A survey invitation, or a lifecycle stage change carrying a contact plan, asks for a message; nothing else does. */
export function messageRequestFor(event: RecordedEventOf<'survey'> | RecordedEventOf<'lifecycle'>): MessageRequest | null {
  switch (event.type) {
    case 'SurveyInvited':
      return request(event, event.data.customerId, 'survey_invitation', { invitationId: event.data.invitationId, expiresAt: event.data.expiresAt });
    case 'LifecycleStageChanged': {
      const contact = event.data.contact;
      return contact ? request(event, event.data.customerId, contact.reason, null) : null;
    }
    default:
      return null;
  }
}
