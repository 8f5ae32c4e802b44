import type { GlobalPosition } from '@ctp/contracts';
import { eventStoreKind } from '../create-event-store.js';
import { esdbCheckpointStore } from './esdb-checkpoints.js';
import { postgresCheckpointStore } from './postgres-checkpoints.js';

/** Where the relay remembers the last position the broker acknowledged: beside the event store. */
export interface CheckpointStore {
  load(name: string): Promise<GlobalPosition | null>;
  save(name: string, position: GlobalPosition): Promise<void>;
  close(): Promise<void>;
}

/** The relay's name when it is not set (RELAY_NAME): the checkpoint a published position is read from. */
export const defaultRelayName = 'relay';

export function checkpointStoreFor(eventStoreUrl: string, schema: string): Promise<CheckpointStore> {
  return eventStoreKind(eventStoreUrl) === 'postgres'
    ? postgresCheckpointStore(eventStoreUrl, schema)
    : Promise.resolve(esdbCheckpointStore(eventStoreUrl));
}

/** The newest position a relay has published to Kafka (its checkpoint), as read models and their callers need it. */
export interface PublishedPositionReader {
  position(): Promise<GlobalPosition | null>;
  close(): Promise<void>;
}

export async function publishedPositionReader(eventStoreUrl: string, schema: string, relayName = defaultRelayName): Promise<PublishedPositionReader> {
  const checkpoints = await checkpointStoreFor(eventStoreUrl, schema);
  return { position: () => checkpoints.load(relayName), close: () => checkpoints.close() };
}
