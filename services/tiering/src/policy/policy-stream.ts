import { randomUUID } from 'node:crypto';
import { buildEvent, decoderFor, streamIdFor, type Actor } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { calibrate } from '../domain/calibrate.js';
import { isoDateIn } from '@ctp/calendar';
import type { CustomerHistory } from '../domain/metrics.js';
import type { TierPolicy, TierPolicyDocument } from '../domain/policy.js';
import { loadAllHistories } from '../history/customer-history.js';
import { activeBase, type Measuring } from './measure.js';

export interface PublishedPolicy {
  readonly policy: TierPolicy;
  readonly publishedAt: string;
  readonly publishedBy: Actor;
  readonly position: string;
}

const policyEvent = decoderFor('tierPolicy');

export async function loadPolicyVersions(store: EventStore, policyId: string): Promise<PublishedPolicy[]> {
  const events = (await store.readStream(streamIdFor('tierPolicy', policyId))).map(policyEvent);
  return events.map((event) => ({ policy: event.data, publishedAt: event.recordedAt, publishedBy: event.actor, position: event.globalPosition }));
}

/** The version in force at an instant: the latest published one whose effectiveFrom has come. */
export function policyAt(versions: readonly PublishedPolicy[], at: number): TierPolicy | null {
  const inForce = versions.filter(({ policy }) => Date.parse(policy.effectiveFrom) <= at);
  return inForce.at(-1)?.policy ?? null;
}

function needsCalibration(document: TierPolicyDocument): boolean {
  return !document.calibration && document.components.some(({ normalisation }) => normalisation.method === 'percentile');
}

/**
 * Percentile cut points over the histories' active base at `asOf`, unless the document has them or needs
 * none; the calibration is dated with the business date of `asOf`.
 */
export function calibratedOn(document: TierPolicyDocument, histories: readonly CustomerHistory[], asOf: number, measuring: Measuring): TierPolicyDocument {
  if (!needsCalibration(document)) return document;
  return { ...document, calibration: calibrate(document, activeBase(histories, document, asOf, measuring), isoDateIn(asOf, measuring.timeZone)) };
}

/** Calibrated on the active base at the policy's start (or now, if it starts later); the history is read only when needed. */
export async function calibrated(store: EventStore, document: TierPolicyDocument, now: number, measuring: Measuring): Promise<TierPolicyDocument> {
  if (!needsCalibration(document)) return document;
  const asOf = Math.min(Date.parse(document.effectiveFrom), now);
  return calibratedOn(document, await loadAllHistories(store, asOf), asOf, measuring);
}

/** Appends the next version; `expectedVersion` (the caller's latest) makes concurrent publishers conflict. */
export async function publishPolicy(
  store: EventStore,
  policyId: string,
  document: TierPolicyDocument,
  context: { expectedVersion: number; actor: Actor; correlationId: string; occurredAt: Date },
): Promise<{ policy: TierPolicy; position: string }> {
  const policy: TierPolicy = { ...document, policyId, policyVersion: context.expectedVersion + 1 };
  const streamId = streamIdFor('tierPolicy', policyId);
  const event = buildEvent('TierPolicyVersionPublished', policy, {
    id: randomUUID(),
    streamId,
    occurredAt: context.occurredAt.toISOString(),
    correlationId: context.correlationId,
    causationId: null,
    actor: context.actor,
    traceparent: null,
  });
  const result = await store.append(streamId, [event], { expectedRevision: context.expectedVersion === 0 ? 'no_stream' : context.expectedVersion - 1 });
  return { policy: event.data, position: result.lastPosition };
}
