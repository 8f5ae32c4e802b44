import { produceDeadLetters, type Parcel } from '@ctp/event-bus';
import type { Producer } from 'kafkajs';
import type { ParkedStreams } from '../storage/parked-streams.js';

export { errorFields, type Parcel } from '@ctp/event-bus';

export interface Parking {
  park(parcels: readonly Parcel[]): Promise<void>;
}

/**
 * Blocks each parcel's stream first, then produces the parcels (acks=all) before the caller
 * commits its offsets: a crash in between parks some twice, which a redrive absorbs, and none
 * is ever lost.
 */
export function deadLetterParking(producer: Producer, topic: string, consumer: string, streams: ParkedStreams, now: () => Date): Parking {
  return {
    async park(parcels) {
      if (parcels.length === 0) return;
      for (const { event, blockedBy } of parcels) {
        if (event) await streams.block(event.streamId, blockedBy ?? event.id, event.globalPosition, now());
      }
      await produceDeadLetters(producer, topic, consumer, parcels, now());
    },
  };
}
