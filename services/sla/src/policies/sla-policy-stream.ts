import { buildEvent, decoderFor, streamIdFor, type Actor } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { documentEnvelope, type PublishContext } from '../calendars/calendar-stream.js';
import type { SlaPolicy } from '../domain/sla-policy.js';

export interface PublishedSlaPolicy {
  readonly policy: SlaPolicy;
  readonly publishedAt: string;
  readonly publishedBy: Actor;
  readonly position: string;
}

const policyEvent = decoderFor('slaPolicy');

/** Every published version of an SLA policy, oldest first; version n is at index n - 1. */
export async function loadSlaPolicyVersions(store: EventStore, policyId: string): Promise<PublishedSlaPolicy[]> {
  const events = (await store.readStream(streamIdFor('slaPolicy', policyId))).map(policyEvent);
  return events.map((event) => ({ policy: event.data, publishedAt: event.recordedAt, publishedBy: event.actor, position: event.globalPosition }));
}

/** A version of the policy (the latest when none is named), or null when there is no such version. */
export async function loadSlaPolicy(store: EventStore, policyId: string, version?: number): Promise<SlaPolicy | null> {
  const versions = await loadSlaPolicyVersions(store, policyId);
  const found = version === undefined ? versions.at(-1) : versions.find(({ policy }) => policy.version === version);
  return found?.policy ?? null;
}

/** Appends the policy as its next version: its version must follow the latest, or the append conflicts. */
export async function publishSlaPolicy(store: EventStore, policy: SlaPolicy, context: PublishContext): Promise<{ position: string }> {
  const streamId = streamIdFor('slaPolicy', policy.id);
  const event = buildEvent('SlaPolicyVersionPublished', policy, documentEnvelope(streamId, context));
  const result = await store.append(streamId, [event], { expectedRevision: policy.version === 1 ? 'no_stream' : policy.version - 2 });
  return { position: result.lastPosition };
}
