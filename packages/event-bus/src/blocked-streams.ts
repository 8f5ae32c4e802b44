import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';

interface Block {
  /** The event whose failure blocked the stream. */
  readonly by: string;
  /** The highest position parked for the stream: a redrive unblocks it only if it handled up to there. */
  readonly last: GlobalPosition;
}

/**
 * Streams with an event in a reactor's dead-letter topic: their later events are parked behind it
 * (`stream_blocked`), so a stream's events are handled in order, by the redrive.
 */
export class BlockedStreams {
  private readonly blocks = new Map<string, Block>();

  /** The blocking event's id, if the stream is blocked. */
  blockedBy(streamId: string): string | undefined {
    return this.blocks.get(streamId)?.by;
  }

  block(streamId: string, by: string, position: GlobalPosition): void {
    const block = this.blocks.get(streamId);
    if (!block) this.blocks.set(streamId, { by, last: position });
    else if (compareGlobalPositions(position, block.last) > 0) this.blocks.set(streamId, { by: block.by, last: position });
  }

  /** Unblocks the stream if nothing of it was parked after `handledUpTo`; returns whether it is unblocked. */
  unblock(streamId: string, handledUpTo: GlobalPosition): boolean {
    const block = this.blocks.get(streamId);
    if (block && compareGlobalPositions(block.last, handledUpTo) > 0) return false;
    this.blocks.delete(streamId);
    return true;
  }

  get size(): number {
    return this.blocks.size;
  }
}
