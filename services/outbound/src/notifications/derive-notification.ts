import { categoryOf, decoderFor, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { isNotifying, notificationOf, notifyingEventTypes, type RaisedNotification } from '../domain/notifications/notification-of.js';
import { caseOwner } from './case-owner.js';

/** The categories of the events that notify: the notification reactor's topics. */
export const notificationReactorCategories = ['case', 'contact', 'survey', 'improvement'] as const;

const decoders = { case: decoderFor('case'), contact: decoderFor('contact'), survey: decoderFor('survey'), improvement: decoderFor('improvement') };
const notifying = new Set<string>(notifyingEventTypes);

function decoded(raw: RecordedEvent) {
  const category = categoryOf(raw.streamId);
  return category === 'case' || category === 'contact' || category === 'survey' || category === 'improvement' ? decoders[category](raw) : null;
}

/**
 * The notification an event raises, with whom it is for (a case's owner read from its stream), or null. Only the
 * notifying types are decoded: any other type of these categories, one this build does not know included, is ignored.
 */
export async function deriveNotification(history: EventStore, raw: RecordedEvent): Promise<RaisedNotification | null> {
  if (!notifying.has(raw.type)) return null;
  const event = decoded(raw);
  return event && isNotifying(event) ? notificationOf(event, (caseId) => caseOwner(history, caseId)) : null;
}
