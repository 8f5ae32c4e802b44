import type { RecordedEvent } from '@ctp/contracts';
import { toDeadLetterMessage, type DeadLetterReason, type IncomingMessage } from '@ctp/event-bus';
import type { Producer } from 'kafkajs';
import type { ParkedStreams } from '../storage/parked-streams.js';

/** A message on its way to the dead-letter topic. */
export interface Parcel {
  readonly message: IncomingMessage;
  readonly original: { readonly topic: string; readonly partition: number; readonly offset: string };
  readonly event: RecordedEvent | null;
  readonly reason: DeadLetterReason;
  readonly error: unknown;
  readonly attempts: number;
  readonly blockedBy: string | null;
}

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
      const parkedAt = now().toISOString();
      await producer.send({
        topic,
        acks: -1,
        messages: parcels.map((parcel) =>
          toDeadLetterMessage(parcel.message, {
            consumer,
            reason: parcel.reason,
            error: errorFields(parcel.error),
            attempts: parcel.attempts,
            original: parcel.original,
            parkedAt,
            blockedBy: parcel.blockedBy,
          }),
        ),
      });
    },
  };
}

export function errorFields(error: unknown): { name: string; message: string; stack: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack ?? `${error.name}: ${error.message}` };
  return { name: 'Error', message: String(error), stack: String(error) };
}
