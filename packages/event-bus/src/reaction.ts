import type { RecordedEvent } from '@ctp/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { BlockedStreams } from './blocked-streams.js';
import type { Parcel } from './dead-letter.js';
import { fromKafkaMessage, type IncomingMessage } from './kafka-message.js';
import { backoffDelay, type RetryPolicy } from './retry-policy.js';

/** What a reactor needs to handle a part of a partition and park what it cannot handle. */
export interface ReactionDeps {
  readonly handle: (events: readonly RecordedEvent[], heartbeat: () => Promise<void>) => Promise<void>;
  readonly retry: RetryPolicy;
  /** Errors that go away by themselves (a server down): never parked, the part is delivered again. */
  readonly isRetriable: (error: unknown) => boolean;
  readonly blocked: BlockedStreams;
  /** Produces the parcels to the dead-letter topic. */
  readonly park: (parcels: readonly Parcel[]) => Promise<void>;
  readonly sleep: (ms: number) => Promise<void>;
}

/** A decoded message, with where it was first consumed from. */
export interface Delivery {
  readonly message: IncomingMessage;
  readonly original: Parcel['original'];
  readonly event: RecordedEvent;
}

/**
 * Decodes a partition's messages; `unwrap` gives the original message and its origin (a dead
 * letter's), by default the message itself. A message that cannot be decoded is a parcel.
 */
export function decodeMessages(
  topic: string,
  partition: number,
  messages: readonly KafkaMessage[],
  unwrap: (message: KafkaMessage) => { message: IncomingMessage; original: Parcel['original'] } = (message) => ({ message, original: { topic, partition, offset: message.offset } }),
): { deliveries: Delivery[]; undecodable: Parcel[] } {
  const deliveries: Delivery[] = [];
  const undecodable: Parcel[] = [];
  for (const message of messages) {
    try {
      const { message: original, original: origin } = unwrap(message);
      deliveries.push({ message: original, original: origin, event: fromKafkaMessage(original) });
    } catch (error) {
      undecodable.push({ message, original: { topic, partition, offset: message.offset }, event: null, reason: 'undecodable', error, attempts: 1, blockedBy: null });
    }
  }
  return { deliveries, undecodable };
}

/**
 * Handles the deliveries in one call; if that fails (not retriably), one by one in order, each up
 * to `retry.attempts` times. An event that still fails is parked (`handler_failed`), and so is every
 * later event of its stream (`stream_blocked`), here and in later parts, until a redrive handled
 * them. A retriable error is thrown: nothing is parked and the part comes again. Returns the parcels
 * parked (produced before this resolves, so the caller may commit).
 */
export async function react(deps: ReactionDeps, deliveries: readonly Delivery[], undecodable: readonly Parcel[], heartbeat: () => Promise<void>): Promise<Parcel[]> {
  const blockedHere = new Map<string, string>();
  const blockedBy = (event: RecordedEvent) => blockedHere.get(event.streamId) ?? deps.blocked.blockedBy(event.streamId);
  const open = deliveries.filter((delivery) => blockedBy(delivery.event) === undefined);
  const allHandled = await handleAll(deps, open.map((delivery) => delivery.event), heartbeat);
  const parcels: Parcel[] = [...undecodable];
  for (const { event, message, original } of deliveries) {
    const by = blockedBy(event);
    if (by !== undefined) {
      parcels.push({ message, original, event, reason: 'stream_blocked', error: new Error(`stream ${event.streamId} is blocked by parked event ${by}`), attempts: 0, blockedBy: by });
      continue;
    }
    if (allHandled) continue;
    const failure = await handleAlone(deps, event, heartbeat);
    if (!failure) continue;
    parcels.push({ message, original, event, reason: 'handler_failed', error: failure.error, attempts: failure.attempts, blockedBy: null });
    blockedHere.set(event.streamId, event.id);
  }
  await deps.park(parcels);
  for (const { event, blockedBy: by } of parcels) if (event) deps.blocked.block(event.streamId, by ?? event.id, event.globalPosition);
  return parcels;
}

async function handleAll(deps: ReactionDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<boolean> {
  if (events.length === 0) return true;
  try {
    await deps.handle(events, heartbeat);
    return true;
  } catch (error) {
    if (deps.isRetriable(error)) throw error;
    return false;
  }
}

async function handleAlone(deps: ReactionDeps, event: RecordedEvent, heartbeat: () => Promise<void>): Promise<{ error: unknown; attempts: number } | null> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.handle([event], heartbeat);
      return null;
    } catch (error) {
      if (deps.isRetriable(error)) throw error;
      if (attempt >= deps.retry.attempts) return { error, attempts: attempt };
      await deps.sleep(backoffDelay(deps.retry, attempt));
    }
  }
}
