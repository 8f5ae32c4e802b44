import { buildEvent, decoderFor, streamIdFor, type Actor } from '@ctp/contracts';
import { WrongExpectedRevisionError, type EventStore } from '@ctp/event-store';
import { randomUUID } from 'node:crypto';
import { defaultRootCauses, defaultTaxonomyId, nextTaxonomy, type RootCause, type RootCauseTaxonomy } from '../domain/complaints/root-causes.js';

const taxonomyEvent = decoderFor('causeTaxonomy');
const streamId = streamIdFor('causeTaxonomy', defaultTaxonomyId);

export interface PublishedTaxonomy extends RootCauseTaxonomy {
  readonly publishedAt: string;
  readonly position: string;
}

/** The latest published taxonomy version, or null before the first. */
export async function latestTaxonomy(store: EventStore): Promise<PublishedTaxonomy | null> {
  const latest = (await store.readStream(streamId)).map(taxonomyEvent).at(-1);
  return latest ? { ...latest.data, publishedAt: latest.recordedAt, position: latest.globalPosition } : null;
}

export interface PublishContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly occurredAt: string;
}

/** Appends the next version after `latest`; another publisher getting in first is a revision conflict (409). */
export async function publishTaxonomy(store: EventStore, latest: RootCauseTaxonomy | null, causes: readonly RootCause[], context: PublishContext) {
  const taxonomy = nextTaxonomy(latest, causes);
  const event = buildEvent('RootCauseTaxonomyPublished', taxonomy, { id: randomUUID(), streamId, traceparent: null, ...context });
  const appended = await store.append(streamId, [event], { expectedRevision: taxonomy.version === 1 ? 'no_stream' : taxonomy.version - 2 });
  return { taxonomy, position: appended.lastPosition };
}

/** Publishes the default taxonomy as version 1 when none is; another process publishing it first is fine. */
export async function ensureDefaultTaxonomy(deps: { readonly store: EventStore; readonly clock: () => Date }): Promise<boolean> {
  if (await latestTaxonomy(deps.store)) return false;
  try {
    await publishTaxonomy(deps.store, null, defaultRootCauses, { actor: { kind: 'service', id: 'feedback' }, correlationId: 'bootstrap', causationId: null, occurredAt: deps.clock().toISOString() });
    return true;
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return false;
    throw error;
  }
}
