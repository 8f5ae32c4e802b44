import type { GlobalPosition } from '@ctp/contracts';
import { eventStoreKind } from '@ctp/event-store';
import { esdbCheckpointStore } from './esdb-checkpoints.js';
import { postgresCheckpointStore } from './postgres-checkpoints.js';

/** Where the relay remembers the last position the broker acknowledged: beside the event store. */
export interface CheckpointStore {
  load(name: string): Promise<GlobalPosition | null>;
  save(name: string, position: GlobalPosition): Promise<void>;
  close(): Promise<void>;
}

export function checkpointStoreFor(eventStoreUrl: string, schema: string): Promise<CheckpointStore> {
  return eventStoreKind(eventStoreUrl) === 'postgres'
    ? postgresCheckpointStore(eventStoreUrl, schema)
    : Promise.resolve(esdbCheckpointStore(eventStoreUrl));
}
