import { compareGlobalPositions, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import type { EventStore, ReadAllOptions } from '../port.js';
import type { ContractSubject } from './contract-subject.js';
import { freshStream, isStrictlyIncreasing, maxPosition, sleep, testEvent } from './fixtures.js';

export interface WritingLoad {
  readonly writers: number;
  readonly appendsPerWriter: number;
  /** Upper bound of the random pause inside (or, without transactions, after) each append. */
  readonly maxDelayMs: number;
  /** One append of writer 0 stays uncommitted this long while the others keep committing. */
  readonly lateCommitMs: number;
}

export interface FollowReport {
  readonly appendedIds: readonly string[];
  readonly appendedPositions: ReadonlyMap<string, GlobalPosition>;
  readonly readIds: readonly string[];
  readonly readInOrder: boolean;
  readonly writeMs: number;
  readonly totalMs: number;
}

/**
 * Writers append to their own streams while a reader follows readAll from the head. Where the
 * adapter can hold transactions open, each append pauses after taking its positions and before
 * committing, and one pause is long: a reader that trusts position order alone skips events.
 */
export async function followWhileWriting(
  subject: ContractSubject,
  reader: Pick<EventStore, 'readAll'>,
  load: WritingLoad,
): Promise<FollowReport> {
  const { store, appendHeldOpen } = subject;
  const start = await store.headPosition();
  const streams = Array.from({ length: load.writers }, (_, index) => freshStream(`w${index}`));
  const ours = new Set(streams);
  const appendedPositions = new Map<string, GlobalPosition>();
  const began = Date.now();

  const write = async (writer: number) => {
    const streamId = streams[writer]!;
    for (let index = 0; index < load.appendsPerWriter; index += 1) {
      const events = [testEvent(streamId, { data: { writer, index } })];
      const late = writer === 0 && index === Math.floor(load.appendsPerWriter / 4);
      const pause = late ? load.lateCommitMs : Math.floor(Math.random() * (load.maxDelayMs + 1));
      const expectedRevision = index === 0 ? 'no_stream' : index - 1;
      const result = appendHeldOpen && pause > 0
        ? await appendHeldOpen(streamId, events, expectedRevision, () => sleep(pause))
        : await store.append(streamId, events, { expectedRevision });
      if (!appendHeldOpen && pause > 0) await sleep(pause);
      for (const event of result.events) appendedPositions.set(event.id, event.globalPosition);
    }
  };

  let until: GlobalPosition | null = null;
  const read = async () => {
    const seen: RecordedEvent[] = [];
    let after = start;
    const reachedEnd = () => until !== null && after !== null && compareGlobalPositions(after, until) >= 0;
    while (!reachedEnd() && Date.now() - began < 45_000) {
      const page = await reader.readAll({ after, limit: 37 } satisfies ReadAllOptions);
      const last = page[page.length - 1];
      if (last) {
        seen.push(...page);
        after = last.globalPosition;
      } else {
        await sleep(1);
      }
    }
    return seen;
  };

  const reading = read();
  await Promise.all(streams.map((_, writer) => write(writer)));
  const writeMs = Date.now() - began;
  until = maxPosition([...appendedPositions.values()]);
  const seen = await reading;
  return {
    appendedIds: [...appendedPositions.keys()],
    appendedPositions,
    readIds: seen.filter((event) => ours.has(event.streamId)).map((event) => event.id),
    readInOrder: isStrictlyIncreasing(seen.map((event) => event.globalPosition)),
    writeMs,
    totalMs: Date.now() - began,
  };
}
