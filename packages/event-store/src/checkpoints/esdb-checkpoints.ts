import { toGlobalPosition } from '@ctp/contracts';
import { BACKWARDS, END, EventStoreDBClient, jsonEvent, StreamNotFoundError } from '@eventstore/db-client';
import type { CheckpointStore } from './checkpoint-store.js';

const streamOf = (name: string) => `$ctp-checkpoint-${name}`;

/** Checkpoints in EventStoreDB itself: the last event of a capped system stream per relay. */
export function esdbCheckpointStore(url: string): CheckpointStore {
  const client = EventStoreDBClient.connectionString(url.replace(/^kurrentdb/, 'esdb'));
  const capped = new Set<string>();
  return {
    async load(name) {
      try {
        for await (const resolved of client.readStream<{ type: 'CheckpointMoved'; data: { position: string } }>(streamOf(name), {
          direction: BACKWARDS,
          fromRevision: END,
          maxCount: 1,
        })) {
          const position = resolved.event?.data.position;
          if (position !== undefined) return toGlobalPosition(position);
        }
        return null;
      } catch (error) {
        if (error instanceof StreamNotFoundError) return null;
        throw error;
      }
    },
    async save(name, position) {
      if (!capped.has(name)) {
        await client.setStreamMetadata(streamOf(name), { maxCount: 10 });
        capped.add(name);
      }
      await client.appendToStream(streamOf(name), jsonEvent({ type: 'CheckpointMoved', data: { position } }));
    },
    close: () => client.dispose(),
  };
}
