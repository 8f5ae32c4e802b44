import { randomUUID } from 'node:crypto';
import type { GlobalPosition } from '@ctp/contracts';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { BlockedStreams } from './blocked-streams.js';
import { consumeToEnd } from './consume-to-end.js';
import { fromDeadLetterMessage, type Parcel } from './dead-letter.js';
import type { IncomingMessage } from './kafka-message.js';
import { decodeMessages, react, type ReactionDeps } from './reaction.js';

export interface ReactorRedriveResult {
  /** Dead letters consumed. */
  readonly redriven: number;
  /** Of them, events handled now. */
  readonly handled: number;
  /** Parked again (behind the end of the topic, for the next redrive). */
  readonly reparked: number;
  readonly unblocked: readonly string[];
  readonly stillBlocked: readonly string[];
}

export interface ReactorRedriveOptions {
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** The redrive's own group: its committed offsets mark what was redriven. */
  readonly groupId: string;
  readonly topic: string;
  /** The reactor's deps; `blocked` is the running reactor's, unblocked for the streams redriven to the end. */
  readonly deps: ReactionDeps;
  readonly timeoutMs: number;
}

/**
 * Hands the reactor's parked events, in order, to its handler again, up to the end of the
 * dead-letter topic as of the start. An event that fails again is parked again, with the later
 * events of its stream; a stream is unblocked only if none of its events was parked after the last
 * one redriven.
 */
export async function redriveReactor(options: ReactorRedriveOptions): Promise<ReactorRedriveResult> {
  const { deps, topic } = options;
  const blockedNow = new BlockedStreams();
  const lastSeen = new Map<string, GlobalPosition>();
  let redriven = 0;
  let reparked = 0;
  await consumeToEnd({
    ...options,
    handle: async (partition, messages, heartbeat) => {
      const { deliveries, undecodable } = decodeMessages(topic, partition, messages, unwrapDeadLetter);
      const parcels = await react({ ...deps, blocked: blockedNow }, deliveries, undecodable, heartbeat);
      for (const { event } of deliveries) lastSeen.set(event.streamId, event.globalPosition);
      redriven += messages.length;
      reparked += parcels.length;
    },
  });
  const unblocked = [...lastSeen].filter(([stream, last]) => blockedNow.blockedBy(stream) === undefined && deps.blocked.unblock(stream, last)).map(([stream]) => stream);
  const stillBlocked = [...lastSeen.keys()].filter((stream) => deps.blocked.blockedBy(stream) !== undefined || blockedNow.blockedBy(stream) !== undefined);
  return { redriven, handled: redriven - reparked, reparked, unblocked, stillBlocked };
}

/**
 * Blocks the streams of the events still parked (not redriven yet), reading the dead-letter topic
 * without moving the redrive's offsets: a reactor that starts again keeps parking their later events.
 */
export async function blockParkedStreams(options: Omit<ReactorRedriveOptions, 'deps'> & { readonly blocked: BlockedStreams }): Promise<void> {
  const { topic, blocked } = options;
  await consumeToEnd({
    ...options,
    readOnlyGroupId: `${options.groupId}.blocked.${randomUUID()}`,
    handle: async (partition, messages) => {
      const { deliveries } = decodeMessages(topic, partition, messages, unwrapDeadLetter);
      for (const { event } of deliveries) blocked.block(event.streamId, event.id, event.globalPosition);
    },
  });
}

function unwrapDeadLetter(message: KafkaMessage): { message: IncomingMessage; original: Parcel['original'] } {
  const { letter, original } = fromDeadLetterMessage(message);
  return { message: original, original: letter.original };
}
