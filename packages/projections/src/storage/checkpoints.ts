import type { GlobalPosition } from '@ctp/contracts';
import type { Collection, Db } from 'mongodb';
import { decodePosition, encodePosition } from '../writes/position-encoding.js';
import { isDuplicateKey } from './version-pointer.js';

export const checkpointsCollectionName = 'projection_checkpoints';

interface CheckpointDocument {
  _id: string;
  projection: string;
  topic: string;
  partition: number;
  /** The collection version this partition writes into. */
  version: number;
  position?: string;
  nextOffset: string;
  /** Bumped by every change: a flip applies only to the state it was decided on. */
  saves: number;
  updatedAt: Date;
}

/** Per projection and partition: the last applied global position, the next offset, the version. */
export interface Checkpoint {
  readonly topic: string;
  readonly partition: number;
  readonly version: number;
  readonly position: GlobalPosition | null;
  readonly nextOffset: string;
  readonly saves: number;
  readonly updatedAt: Date;
}

export interface CheckpointUpdate {
  readonly position: GlobalPosition | null;
  readonly nextOffset: string;
  readonly now: Date;
}

export class Checkpoints {
  private readonly collection: Collection<CheckpointDocument>;

  constructor(db: Db, private readonly projection: string) {
    this.collection = db.collection<CheckpointDocument>(checkpointsCollectionName);
  }

  async read(topic: string, partition: number): Promise<Checkpoint | null> {
    const document = await this.collection.findOne({ _id: this.idOf(topic, partition) });
    return document ? toCheckpoint(document) : null;
  }

  async all(): Promise<Checkpoint[]> {
    const documents = await this.collection.find({ projection: this.projection }).sort({ topic: 1, partition: 1 }).toArray();
    return documents.map(toCheckpoint);
  }

  /** Saves progress unless the partition moved to another version meanwhile (another instance's batch adopted a newer one). */
  async save(topic: string, partition: number, version: number, update: CheckpointUpdate): Promise<'saved' | 'version_changed'> {
    try {
      await this.collection.updateOne(
        { _id: this.idOf(topic, partition), version },
        {
          $set: { projection: this.projection, topic, partition, nextOffset: update.nextOffset, updatedAt: update.now },
          $inc: { saves: 1 },
          ...(update.position === null ? {} : { $max: { position: encodePosition(update.position) } }),
        },
        { upsert: true },
      );
      return 'saved';
    } catch (error) {
      if (isDuplicateKey(error)) return 'version_changed';
      throw error;
    }
  }

  /** Moves a partition to another version if its checkpoint is still exactly as read. */
  async flip(checkpoint: Checkpoint, to: number): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: this.idOf(checkpoint.topic, checkpoint.partition), version: checkpoint.version, saves: checkpoint.saves },
      { $set: { version: to }, $inc: { saves: 1 } },
    );
    return result.modifiedCount === 1;
  }

  private idOf(topic: string, partition: number): string {
    return `${this.projection}|${topic}|${partition}`;
  }
}

function toCheckpoint(document: CheckpointDocument): Checkpoint {
  return {
    topic: document.topic,
    partition: document.partition,
    version: document.version,
    position: document.position === undefined ? null : decodePosition(document.position),
    nextOffset: document.nextOffset,
    saves: document.saves,
    updatedAt: document.updatedAt,
  };
}
