import { randomUUID } from 'node:crypto';
import { buildEvent, decoderFor, streamIdFor, type Actor } from '@ctp/contracts';
import { WrongExpectedRevisionError, type EventStore } from '@ctp/event-store';
import type { LifecycleRulesDocument, LifecycleRulesVersion } from '../domain/lifecycle/lifecycle-rules.js';
import { defaultLifecycleRules } from '../domain/lifecycle/lifecycle-rules.js';
import { tieringActor } from '../tiers/tier-stream.js';
import { lifecycleRulesId } from './lifecycle-deps.js';

export interface PublishedRules {
  readonly rules: LifecycleRulesVersion;
  readonly publishedAt: string;
  readonly publishedBy: Actor;
  readonly position: string;
}

const rulesEvent = decoderFor('lifecycleRules');
const rulesStream = streamIdFor('lifecycleRules', lifecycleRulesId);

export async function loadRulesVersions(store: EventStore): Promise<PublishedRules[]> {
  return (await store.readStream(rulesStream)).map(rulesEvent).map((event) => ({ rules: event.data, publishedAt: event.recordedAt, publishedBy: event.actor, position: event.globalPosition }));
}

/** Appends the next version; `expectedVersion` (the caller's latest) makes concurrent publishers conflict. */
export async function publishRules(store: EventStore, document: LifecycleRulesDocument, context: { expectedVersion: number; actor: Actor; correlationId: string; occurredAt: Date }) {
  const rules: LifecycleRulesVersion = { ...document, rulesId: lifecycleRulesId, rulesVersion: context.expectedVersion + 1 };
  const event = buildEvent('LifecycleRulesVersionPublished', rules, {
    id: randomUUID(),
    streamId: rulesStream,
    occurredAt: context.occurredAt.toISOString(),
    correlationId: context.correlationId,
    causationId: null,
    actor: context.actor,
    traceparent: null,
  });
  const result = await store.append(rulesStream, [event], { expectedRevision: context.expectedVersion === 0 ? 'no_stream' : context.expectedVersion - 1 });
  return { rules: event.data, position: result.lastPosition };
}

/** A deployment without lifecycle rules publishes the default ones, once. */
export async function ensureLifecycleRules(store: EventStore, clock: () => Date, logger: { info(object: object, message: string): void }): Promise<void> {
  if ((await loadRulesVersions(store)).length > 0) return;
  try {
    await publishRules(store, defaultLifecycleRules, { expectedVersion: 0, actor: tieringActor, correlationId: 'bootstrap', occurredAt: clock() });
    logger.info({ rulesId: lifecycleRulesId }, 'published the default lifecycle rules (version 1)');
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
  }
}
