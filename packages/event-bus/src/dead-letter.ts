import type { RecordedEvent } from '@ctp/contracts';
import type { IHeaders, Producer } from 'kafkajs';
import { EventMessageError } from './errors.js';
import { headerStrings, requiredHeader, optionalHeader, type HeaderValues } from './headers.js';
import type { IncomingMessage } from './kafka-message.js';

export const deadLetterReasons = ['handler_failed', 'write_failed', 'stream_blocked', 'undecodable'] as const;
export type DeadLetterReason = (typeof deadLetterReasons)[number];

/** Why and where from a consumer parked a message; travels in ctp-dlq-* headers. */
export interface DeadLetter {
  readonly consumer: string;
  readonly reason: DeadLetterReason;
  readonly error: { readonly name: string; readonly message: string; readonly stack: string };
  readonly attempts: number;
  readonly original: { readonly topic: string; readonly partition: number; readonly offset: string };
  readonly parkedAt: string;
  /** For stream_blocked: the id of the earlier event of the same stream that failed. */
  readonly blockedBy: string | null;
}

export const deadLetterHeaders = {
  consumer: 'ctp-dlq-projection',
  reason: 'ctp-dlq-reason',
  errorName: 'ctp-dlq-error-name',
  errorMessage: 'ctp-dlq-error-message',
  errorStack: 'ctp-dlq-error-stack',
  attempts: 'ctp-dlq-attempts',
  originalTopic: 'ctp-dlq-original-topic',
  originalPartition: 'ctp-dlq-original-partition',
  originalOffset: 'ctp-dlq-original-offset',
  parkedAt: 'ctp-dlq-parked-at',
  blockedBy: 'ctp-dlq-blocked-by',
} as const;

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

/**
 * The broker refuses a produce request over its message size (1 MB by default, per record batch); a batch
 * of parcels with their stacks can pass it, so they go in parts of at most this many bytes.
 */
const maxPartBytes = 256 * 1024;

const sizeOf = (message: ReturnType<typeof toDeadLetterMessage>) =>
  (message.value?.length ?? 0) + (message.key?.length ?? 0) + Object.entries(message.headers).reduce((total, [name, value]) => total + name.length + value.length, 0);

/** The messages in order, in parts no larger than `maxBytes` (a single larger message is a part of its own). */
export function inParts<M>(messages: readonly M[], size: (message: M) => number, maxBytes = maxPartBytes): M[][] {
  const parts: M[][] = [];
  let current: M[] = [];
  let bytes = 0;
  for (const message of messages) {
    const length = size(message);
    if (current.length > 0 && bytes + length > maxBytes) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += length;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** Produces the parcels, in order, to the dead-letter topic (acks=all), each with the ctp-dlq-* headers. */
export async function produceDeadLetters(producer: Producer, topic: string, consumer: string, parcels: readonly Parcel[], parkedAt: Date): Promise<void> {
  const messages = parcels.map((parcel) =>
    toDeadLetterMessage(parcel.message, {
      consumer,
      reason: parcel.reason,
      error: errorFields(parcel.error),
      attempts: parcel.attempts,
      original: parcel.original,
      parkedAt: parkedAt.toISOString(),
      blockedBy: parcel.blockedBy,
    }),
  );
  for (const part of inParts(messages, sizeOf)) await producer.send({ topic, acks: -1, messages: part });
}

export function errorFields(error: unknown): { name: string; message: string; stack: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack ?? `${error.name}: ${error.message}` };
  return { name: 'Error', message: String(error), stack: String(error) };
}

const dlqHeaderNames = new Set<string>(Object.values(deadLetterHeaders));

/** The original key, value and headers unchanged, plus the ctp-dlq-* headers. */
export function toDeadLetterMessage(original: IncomingMessage, letter: DeadLetter): { key: string | null; value: Buffer | string | null; headers: HeaderValues } {
  const d = deadLetterHeaders;
  const headers: HeaderValues = {
    ...withoutDeadLetterHeaders(original.headers),
    [d.consumer]: letter.consumer,
    [d.reason]: letter.reason,
    [d.errorName]: letter.error.name,
    [d.errorMessage]: letter.error.message.slice(0, 2_000),
    [d.errorStack]: letter.error.stack.slice(0, 8_000),
    [d.attempts]: String(letter.attempts),
    [d.originalTopic]: letter.original.topic,
    [d.originalPartition]: String(letter.original.partition),
    [d.originalOffset]: letter.original.offset,
    [d.parkedAt]: letter.parkedAt,
  };
  if (letter.blockedBy !== null) headers[d.blockedBy] = letter.blockedBy;
  return { key: original.key?.toString() ?? null, value: original.value, headers };
}

export function fromDeadLetterMessage(message: IncomingMessage): { letter: DeadLetter; original: IncomingMessage } {
  const d = deadLetterHeaders;
  const get = (name: string) => requiredHeader(message.headers, name);
  const reason = get(d.reason);
  if (!(deadLetterReasons as readonly string[]).includes(reason)) throw new EventMessageError('invalid_header', d.reason, reason);
  const letter: DeadLetter = {
    consumer: get(d.consumer),
    reason: reason as DeadLetterReason,
    error: { name: get(d.errorName), message: get(d.errorMessage), stack: get(d.errorStack) },
    attempts: count(d.attempts, get(d.attempts)),
    original: { topic: get(d.originalTopic), partition: count(d.originalPartition, get(d.originalPartition)), offset: get(d.originalOffset) },
    parkedAt: get(d.parkedAt),
    blockedBy: optionalHeader(message.headers, d.blockedBy) ?? null,
  };
  return { letter, original: { key: message.key ?? null, value: message.value, headers: withoutDeadLetterHeaders(message.headers) } };
}

function withoutDeadLetterHeaders(headers: IHeaders | undefined): HeaderValues {
  return Object.fromEntries(Object.entries(headerStrings(headers)).filter(([name]) => !dlqHeaderNames.has(name)));
}

function count(name: string, text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new EventMessageError('invalid_header', name, `${JSON.stringify(text)} is not a count`);
  return Number(text);
}
