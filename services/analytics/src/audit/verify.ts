import type { RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { AuditStore, CheckpointRow, SealRow } from './audit-store.js';
import { eventHash, GENESIS_FEED_HASH, nextFeedHash } from './hashing.js';
import { checkpointSignatureValid } from './signing-key.js';

export type BrokenReason = 'hash_mismatch' | 'event_missing' | 'unsealed_event_in_sealed_range' | 'checkpoint_signature_invalid' | 'checkpoint_unknown_key' | 'checkpoint_feed_hash_mismatch';

export interface BrokenLink {
  readonly reason: BrokenReason;
  readonly streamId: string | null;
  readonly revision: number | null;
  readonly globalPosition: string;
  readonly eventId: string | null;
  /** What the seal (or the signed checkpoint) says. */
  readonly expectedHash: string | null;
  /** What the events as stored now give. */
  readonly foundHash: string | null;
  readonly detail: string;
}

export interface CheckpointSummary {
  readonly position: string;
  readonly seq: number;
  readonly at: string;
  readonly keyId: string;
}

export interface VerificationResult {
  readonly verified: boolean;
  readonly scope: { readonly stream?: string; readonly customer?: string; readonly all?: true };
  readonly streams: number;
  /** Events recomputed and found equal to their seals. */
  readonly eventsVerified: number;
  /** Events newer than the sealer's position: not covered yet. */
  readonly eventsNotYetSealed: number;
  readonly checkpointsVerified: number;
  /** The latest signed checkpoint at or after the scope's last sealed event, when there is one. */
  readonly latestCheckpointCovered: CheckpointSummary | null;
  readonly sealedUpTo: string | null;
  readonly firstBrokenLink: BrokenLink | null;
}

const summary = (checkpoint: CheckpointRow): CheckpointSummary => ({ position: checkpoint.position, seq: checkpoint.seq, at: checkpoint.at, keyId: checkpoint.keyId });
const big = (position: string) => BigInt(position);

function checkCheckpoint(checkpoint: CheckpointRow, keys: Record<string, string>, feedHash: string | null): BrokenLink | null {
  const base = { streamId: null, revision: null, globalPosition: checkpoint.position, eventId: null };
  if (!keys[checkpoint.keyId]) return { ...base, reason: 'checkpoint_unknown_key', expectedHash: null, foundHash: null, detail: `checkpoint ${checkpoint.seq} is signed by unknown key ${checkpoint.keyId}` };
  if (!checkpointSignatureValid(checkpoint, keys[checkpoint.keyId])) return { ...base, reason: 'checkpoint_signature_invalid', expectedHash: checkpoint.feedHash, foundHash: null, detail: `the signature of checkpoint ${checkpoint.seq} (key ${checkpoint.keyId}) does not verify` };
  if (feedHash !== null && feedHash !== checkpoint.feedHash) return { ...base, reason: 'checkpoint_feed_hash_mismatch', expectedHash: checkpoint.feedHash, foundHash: feedHash, detail: `the feed hash up to checkpoint ${checkpoint.seq} differs from the signed one` };
  return null;
}

/** One stream's events as stored now against its seals, in revision order. */
function verifyStreamEvents(events: readonly RecordedEvent[], seals: readonly SealRow[], sealedUpTo: string | null): { broken: BrokenLink | null; verified: number; unsealed: number } {
  const byRevision = new Map(seals.map((seal) => [seal.revision, seal]));
  const eventRevisions = new Set(events.map((event) => event.revision));
  const hashes = new Map<number, string>();
  let verified = 0;
  let unsealed = 0;
  const problems: BrokenLink[] = [];
  for (const event of events) {
    const hash = eventHash(event, event.revision > 0 ? (hashes.get(event.revision - 1) ?? byRevision.get(event.revision - 1)?.eventHash ?? null) : null);
    hashes.set(event.revision, hash);
    const seal = byRevision.get(event.revision);
    const at = { streamId: event.streamId, revision: event.revision, globalPosition: event.globalPosition, eventId: event.id };
    if (!seal) {
      if (sealedUpTo !== null && big(event.globalPosition) <= big(sealedUpTo)) {
        problems.push({ ...at, reason: 'unsealed_event_in_sealed_range', expectedHash: null, foundHash: hash, detail: `an event at a position the sealer passed has no seal: it was inserted afterwards` });
        break;
      }
      unsealed += 1;
      continue;
    }
    if (seal.eventHash !== hash) {
      problems.push({ ...at, reason: 'hash_mismatch', expectedHash: seal.eventHash, foundHash: hash, detail: `${event.streamId} revision ${event.revision} differs from what was sealed (envelope, data or an earlier event of the stream changed)` });
      break;
    }
    verified += 1;
  }
  for (const seal of seals) {
    if (!eventRevisions.has(seal.revision)) {
      problems.push({ reason: 'event_missing', streamId: seal.streamId, revision: seal.revision, globalPosition: seal.globalPosition, eventId: seal.eventId, expectedHash: seal.eventHash, foundHash: null, detail: `a sealed event is gone from the store` });
      break;
    }
  }
  problems.sort((a, b) => (big(a.globalPosition) < big(b.globalPosition) ? -1 : 1));
  return { broken: problems[0] ?? null, verified, unsealed };
}

/** Streams: each recomputed from the events as stored; the covering checkpoint's signature checked and tied to the seals' feed hash. */
export async function verifyStreams(events: EventStore, audit: AuditStore, streamIds: readonly string[], scope: VerificationResult['scope']): Promise<VerificationResult> {
  const state = await audit.state();
  const [stored, keys, checkpoints] = await Promise.all([events.readStreams(streamIds), audit.publicKeys(), audit.checkpoints()]);
  let broken: BrokenLink | null = null;
  let verified = 0;
  let unsealed = 0;
  let lastSealedSeq = 0;
  for (const streamId of streamIds) {
    const seals = await audit.streamSeals(streamId);
    for (const seal of seals) lastSealedSeq = Math.max(lastSealedSeq, seal.seq);
    const result = verifyStreamEvents(stored.get(streamId) ?? [], seals, state.position);
    verified += result.verified;
    unsealed += result.unsealed;
    if (result.broken && (!broken || big(result.broken.globalPosition) < big(broken.globalPosition))) broken = result.broken;
  }
  const covering = lastSealedSeq > 0 ? (checkpoints.find((checkpoint) => checkpoint.seq >= lastSealedSeq) ?? null) : null;
  let checkpointsVerified = 0;
  if (!broken && covering) {
    const seal = await audit.sealAtSeq(covering.seq);
    broken = checkCheckpoint(covering, keys, seal?.feedHash ?? null);
    if (!broken) checkpointsVerified = 1;
  }
  return { verified: broken === null, scope, streams: streamIds.length, eventsVerified: verified, eventsNotYetSealed: unsealed, checkpointsVerified, latestCheckpointCovered: covering && !broken ? summary(covering) : null, sealedUpTo: state.position, firstBrokenLink: broken };
}

/**
 * The whole store: the feed read in order from the start, every event recomputed against its seal,
 * the feed hash recomputed from the recomputed event hashes and checked against every signed checkpoint.
 */
export async function verifyAll(events: EventStore, audit: AuditStore, pageSize = 1_000): Promise<VerificationResult> {
  const state = await audit.state();
  const [keys, checkpoints] = await Promise.all([audit.publicKeys(), audit.checkpoints()]);
  const checkpointAt = new Map(checkpoints.map((checkpoint) => [checkpoint.seq, checkpoint]));
  const streams = new Map<string, { revision: number; hash: string }>();
  let feedHash = GENESIS_FEED_HASH;
  let seq = 0;
  let verified = 0;
  let unsealed = 0;
  let checkpointsVerified = 0;
  let latest: CheckpointRow | null = null;
  let after: string | null = null;
  let sealAfter: string | null = null;
  let pendingSeals: SealRow[] = [];
  const result = (broken: BrokenLink | null): VerificationResult => ({ verified: broken === null, scope: { all: true }, streams: streams.size, eventsVerified: verified, eventsNotYetSealed: unsealed, checkpointsVerified, latestCheckpointCovered: latest && !broken ? summary(latest) : null, sealedUpTo: state.position, firstBrokenLink: broken });
  const missing = (seal: SealRow): BrokenLink => ({ reason: 'event_missing', streamId: seal.streamId, revision: seal.revision, globalPosition: seal.globalPosition, eventId: seal.eventId, expectedHash: seal.eventHash, foundHash: null, detail: 'a sealed event is gone from the store' });
  for (;;) {
    const page: RecordedEvent[] = await events.readAll({ after, limit: pageSize });
    const upTo = page.length > 0 ? page[page.length - 1]!.globalPosition : state.position;
    if (upTo !== null && (sealAfter === null || big(upTo) > big(sealAfter))) {
      pendingSeals = [...pendingSeals, ...(await audit.sealsBetween(sealAfter, upTo))];
      sealAfter = upTo;
    }
    if (page.length === 0) {
      // Seals beyond the last event: events deleted from the end of the feed.
      if (pendingSeals.length > 0) return result(missing(pendingSeals[0]!));
      if (state.position !== null && (sealAfter === null || big(state.position) > big(sealAfter))) {
        const rest = await audit.sealsBetween(sealAfter, state.position);
        if (rest.length > 0) return result(missing(rest[0]!));
      }
      return result(null);
    }
    for (const event of page) {
      const position = big(event.globalPosition);
      while (pendingSeals.length > 0 && big(pendingSeals[0]!.globalPosition) < position) return result(missing(pendingSeals[0]!));
      const seal = pendingSeals[0] && big(pendingSeals[0].globalPosition) === position ? pendingSeals.shift()! : null;
      const previous = streams.get(event.streamId);
      const hash = eventHash(event, event.revision > 0 && previous?.revision === event.revision - 1 ? previous.hash : null);
      streams.set(event.streamId, { revision: event.revision, hash });
      const at = { streamId: event.streamId, revision: event.revision, globalPosition: event.globalPosition, eventId: event.id };
      if (!seal) {
        if (state.position !== null && position <= big(state.position)) return result({ ...at, reason: 'unsealed_event_in_sealed_range', expectedHash: null, foundHash: hash, detail: 'an event at a position the sealer passed has no seal: it was inserted afterwards' });
        unsealed += 1;
        continue;
      }
      if (seal.eventHash !== hash) return result({ ...at, reason: 'hash_mismatch', expectedHash: seal.eventHash, foundHash: hash, detail: `${event.streamId} revision ${event.revision} differs from what was sealed (envelope, data or an earlier event of the stream changed)` });
      seq += 1;
      feedHash = nextFeedHash(feedHash, hash);
      verified += 1;
      const checkpoint = checkpointAt.get(seq);
      if (checkpoint) {
        const broken = checkCheckpoint(checkpoint, keys, checkpoint.position === event.globalPosition ? feedHash : `${feedHash} (at ${event.globalPosition}, not ${checkpoint.position})`);
        if (broken) return result(broken);
        checkpointsVerified += 1;
        latest = checkpoint;
      }
    }
    after = page[page.length - 1]!.globalPosition;
  }
}
