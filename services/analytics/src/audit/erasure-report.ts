import { decodeRecordedEvent, eventRegistry, streamIdFor, type RecordedEvent } from '@ctp/contracts';
import { sealedFieldsOf } from '@ctp/event-store';
import type { AuditDeps } from './audit-routes.js';
import { eventsAbout, readCoverage } from './customer-scope.js';
import { customerOf } from './event-customer.js';

export interface UnreadableEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly globalPosition: string;
  readonly eventId: string;
  readonly type: string;
  /** Whose key sealed its personal fields. */
  readonly customerId: string;
  readonly keyId: string;
  /** The personal fields stored as ciphertext under that key, now unreadable. */
  readonly fields: readonly string[];
}

export interface Erasure {
  readonly proof: { readonly eventId: string; readonly globalPosition: string; readonly erasedAt: string; readonly requestId: string; readonly requestEventId: string; readonly requestPosition: string };
  /** Each destroyed key: named by the proof, or, in proofs stored before they named them, read from the tokens of the erased ids' events. */
  readonly destroyedKeys: readonly { readonly customerId: string; readonly keyId: string }[];
  readonly keyIdsFrom: 'proof' | 'tokens';
  readonly streams: readonly { readonly streamId: string; readonly events: number; readonly fields: number }[];
  readonly unreadable: readonly UnreadableEvent[];
}

/**
 * The fields of an event sealed under a destroyed key, one entry per key: `owners` maps each destroyed
 * key id to its customer; without key ids (older proofs) every token of an erased customer's event
 * counts, since a customer only ever has one key, the one its events' tokens name.
 */
function sealedUnder(event: RecordedEvent, owners: ReadonlyMap<string, string> | null, customerIds: ReadonlySet<string>): UnreadableEvent[] {
  const subject = customerOf(event);
  const ownerOf = (keyId: string) => (owners ? owners.get(keyId) : subject !== null && customerIds.has(subject) ? subject : undefined);
  const byKey = new Map<string, { customerId: string; fields: string[] }>();
  for (const { path, keyId } of sealedFieldsOf(eventRegistry, event)) {
    const owner = ownerOf(keyId);
    if (owner !== undefined) byKey.set(keyId, { customerId: owner, fields: [...(byKey.get(keyId)?.fields ?? []), path] });
  }
  return [...byKey].map(([keyId, { customerId, fields }]) => ({ streamId: event.streamId, revision: event.revision, globalPosition: event.globalPosition, eventId: event.id, type: event.type, customerId, keyId, fields }));
}

function byStream(unreadable: readonly UnreadableEvent[]): Erasure['streams'] {
  const streams = new Map<string, { streamId: string; events: number; fields: number }>();
  for (const event of unreadable) {
    const stream = streams.get(event.streamId) ?? { streamId: event.streamId, events: 0, fields: 0 };
    streams.set(event.streamId, { ...stream, events: stream.events + 1, fields: stream.fields + event.fields.length });
  }
  return [...streams.values()];
}

/**
 * What each erasure of a customer made unreadable: every personal field, in every service's events up
 * to the head, stored as ciphertext under a key the proof names as destroyed. The erased ids' streams
 * come from the seal index and the feed after the sealer; the tokens themselves name their key.
 */
export async function erasureReport(deps: AuditDeps, customerId: string) {
  const proofs = (await deps.events.readStream(streamIdFor('audit', customerId))).filter(({ type }) => type === 'CustomerErased');
  const coverage = await readCoverage(deps);
  const erasures: Erasure[] = [];
  for (const raw of proofs) {
    const proof = decodeRecordedEvent(raw);
    if (proof.type !== 'CustomerErased') continue;
    const { data } = proof;
    const owners = data.destroyedKeys ? new Map(data.destroyedKeys.map(({ customerId: owner, keyId }) => [keyId, owner])) : null;
    const erasedIds = new Set(data.keysDestroyed);
    const unreadable = (await eventsAbout(deps, coverage, data.keysDestroyed)).flatMap((event) => sealedUnder(event, owners, erasedIds));
    const destroyedKeys = data.destroyedKeys ?? [...new Map(unreadable.map(({ customerId: owner, keyId }) => [keyId, { customerId: owner, keyId }])).values()];
    erasures.push({
      proof: { eventId: raw.id, globalPosition: raw.globalPosition, erasedAt: raw.occurredAt, requestId: data.requestId, requestEventId: data.requestEventId, requestPosition: data.requestPosition },
      destroyedKeys,
      keyIdsFrom: data.destroyedKeys ? 'proof' : 'tokens',
      streams: byStream(unreadable),
      unreadable,
    });
  }
  return { customerId, sealedUpTo: coverage.sealedUpTo, completeUpTo: coverage.completeUpTo, erasures };
}
