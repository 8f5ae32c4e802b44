import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@ctp/contracts';

/**
 * The audit hashes. The offline verifier (`verifier/audit-verify.mjs`) computes the same in plain
 * Node on purpose without importing this file: the auditor's check shares no code with the sealer.
 */

/** The feed hash before the first event. */
export const GENESIS_FEED_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level and no whitespace: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** An event's hash: its whole envelope, its data as stored (ciphertext for personal fields) and the hash of its stream's previous event (null at revision 0). */
export function eventHash(event: RecordedEvent, previousHash: string | null): string {
  return sha256Hex(
    canonicalJson({
      v: 1,
      id: event.id,
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      schemaVersion: event.schemaVersion,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.actor,
      causationId: event.causationId,
      correlationId: event.correlationId,
      traceparent: event.traceparent,
      globalPosition: event.globalPosition,
      data: event.data,
      previousHash,
    }),
  );
}

/** The running hash over every event hash of the global feed, in order. */
export function nextFeedHash(previousFeedHash: string, hash: string): string {
  return sha256Hex(previousFeedHash + hash);
}

export interface CheckpointContent {
  /** The global position of the last event the checkpoint covers. */
  readonly position: string;
  /** How many events of the feed it covers (the sequence number of that event, from 1). */
  readonly seq: number;
  readonly feedHash: string;
  readonly at: string;
  readonly keyId: string;
}

/** What a checkpoint's Ed25519 signature is over. */
export function checkpointMessage(checkpoint: CheckpointContent): string {
  return canonicalJson({ format: 'ctp-audit-checkpoint/1', position: checkpoint.position, seq: checkpoint.seq, feedHash: checkpoint.feedHash, at: checkpoint.at, keyId: checkpoint.keyId });
}
