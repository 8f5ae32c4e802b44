import type { GlobalPosition } from '@ctp/contracts';
import type { Collection, Db } from 'mongodb';
import { encodePosition } from '../writes/position-encoding.js';

export const parkedStreamsCollectionName = 'projection_parked_streams';

interface ParkedStreamDocument {
  _id: string;
  projection: string;
  streamId: string;
  /** The event whose failure blocked the stream. */
  blockedBy: string;
  /** The highest position parked for the stream: a redrive unblocks only if it applied up to it. */
  lastPosition: string;
  parked: number;
  since: Date;
}

/** Streams with an event in the dead-letter topic: their later events queue behind it there. */
export class ParkedStreams {
  private readonly collection: Collection<ParkedStreamDocument>;

  constructor(db: Db, private readonly projection: string) {
    this.collection = db.collection<ParkedStreamDocument>(parkedStreamsCollectionName);
  }

  /** stream id -> blocking event id, for the given streams that are blocked. */
  async blockedAmong(streamIds: readonly string[]): Promise<Map<string, string>> {
    if (streamIds.length === 0) return new Map();
    const documents = await this.collection.find({ _id: { $in: [...new Set(streamIds)].map((stream) => this.idOf(stream)) } }).toArray();
    return new Map(documents.map((document) => [document.streamId, document.blockedBy]));
  }

  /** Recorded before the event goes to the dead-letter topic, so a redrive cannot miss it. */
  async block(streamId: string, blockedBy: string, position: GlobalPosition, now: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: this.idOf(streamId) },
      { $setOnInsert: { projection: this.projection, streamId, blockedBy, since: now }, $max: { lastPosition: encodePosition(position) }, $inc: { parked: 1 } },
      { upsert: true },
    );
  }

  /** Unblocks only if nothing was parked for the stream after `lastPosition`. */
  async unblock(streamId: string, lastPosition: GlobalPosition): Promise<boolean> {
    const result = await this.collection.deleteOne({ _id: this.idOf(streamId), lastPosition: encodePosition(lastPosition) });
    return result.deletedCount === 1;
  }

  private idOf(streamId: string): string {
    return `${this.projection}|${streamId}`;
  }
}
