import { randomUUID } from 'node:crypto';
import { buildEvent, decoderFor, streamIdFor, type AccountManager, type Actor } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { Roster } from '../domain/accounts/decide-account.js';

/** One roster for the deployment: its versions are the stream `accountRoster-default`. */
export const ROSTER_ID = 'default';
const rosterEvent = decoderFor('accountRoster');

export async function latestRoster(store: EventStore): Promise<Roster | null> {
  const latest = (await store.readStream(streamIdFor('accountRoster', ROSTER_ID))).at(-1);
  if (!latest) return null;
  const { rosterId, version, managers } = rosterEvent(latest).data;
  return { rosterId, version, managers };
}

/** Appends the next version; `expectedVersion` (the caller's latest, 0 for none) makes concurrent publishers conflict. */
export async function publishRoster(store: EventStore, managers: readonly AccountManager[], context: { expectedVersion: number; actor: Actor; by: string; correlationId: string; occurredAt: Date }) {
  const streamId = streamIdFor('accountRoster', ROSTER_ID);
  const version = context.expectedVersion + 1;
  const occurredAt = context.occurredAt.toISOString();
  const event = buildEvent('AccountManagerRosterPublished', { rosterId: ROSTER_ID, version, managers: [...managers], publishedAt: occurredAt, by: context.by }, { id: randomUUID(), streamId, occurredAt, correlationId: context.correlationId, causationId: null, actor: context.actor, traceparent: null });
  const result = await store.append(streamId, [event], { expectedRevision: context.expectedVersion === 0 ? 'no_stream' : context.expectedVersion - 1 });
  return { version, position: result.lastPosition };
}
