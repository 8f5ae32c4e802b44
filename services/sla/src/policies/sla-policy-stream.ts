import { decoderFor, streamIdFor, type Actor } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
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
