import type { RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { AuditStore, CheckpointRow, SealRow } from './audit-store.js';
import { GENESIS_FEED_HASH } from './hashing.js';

export const BUNDLE_FORMAT = 'ctp-audit-bundle/1';

export interface AuditBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly scope: { readonly stream?: string; readonly customer?: string };
  readonly exportedAt: string;
  readonly sealedUpTo: string | null;
  /** The events as stored now (personal fields as ciphertext), by stream in revision order. */
  readonly events: readonly RecordedEvent[];
  readonly seals: readonly Pick<SealRow, 'globalPosition' | 'seq' | 'streamId' | 'revision' | 'eventId' | 'eventHash'>[];
  /**
   * Every event hash of the global feed with fromSeq < seq <= fromSeq + hashes.length: from the
   * signed checkpoint before the first exported event (or the start) to the first one after the
   * last, so the offline verifier can recompute the feed hash between signed checkpoints.
   */
  readonly feed: { readonly fromSeq: number; readonly fromFeedHash: string; readonly hashes: readonly string[] };
  /** Signed checkpoints within the feed range (including the one it starts at). */
  readonly checkpoints: readonly CheckpointRow[];
  /** keyId -> Ed25519 public key (SPKI PEM), every key ever used: pin them out of band with `--trusted-keys`. */
  readonly publicKeys: Readonly<Record<string, string>>;
}

export async function exportBundle(events: EventStore, audit: AuditStore, streamIds: readonly string[], scope: AuditBundle['scope'], now: Date): Promise<AuditBundle> {
  const state = await audit.state();
  const [stored, checkpoints, publicKeys] = await Promise.all([events.readStreams(streamIds), audit.checkpoints(), audit.publicKeys()]);
  const seals: SealRow[] = [];
  for (const streamId of streamIds) seals.push(...(await audit.streamSeals(streamId)));
  const seqs = seals.map((seal) => seal.seq);
  let fromSeq = 0;
  let fromFeedHash = GENESIS_FEED_HASH;
  let toSeq = 0;
  let inRange: CheckpointRow[] = [];
  if (seqs.length > 0) {
    const first = Math.min(...seqs);
    const last = Math.max(...seqs);
    const before = checkpoints.filter((checkpoint) => checkpoint.seq < first).at(-1);
    if (before) {
      fromSeq = before.seq;
      fromFeedHash = before.feedHash;
    }
    toSeq = checkpoints.find((checkpoint) => checkpoint.seq >= last)?.seq ?? state.seq;
    inRange = checkpoints.filter((checkpoint) => checkpoint.seq >= fromSeq && checkpoint.seq <= toSeq);
  }
  const hashes = seqs.length > 0 ? await audit.hashesBetweenSeqs(fromSeq, toSeq) : [];
  return {
    format: BUNDLE_FORMAT,
    scope,
    exportedAt: now.toISOString(),
    sealedUpTo: state.position,
    events: streamIds.flatMap((streamId) => stored.get(streamId) ?? []),
    seals: seals.map(({ globalPosition, seq, streamId, revision, eventId, eventHash }) => ({ globalPosition, seq, streamId, revision, eventId, eventHash })),
    feed: { fromSeq, fromFeedHash, hashes },
    checkpoints: inRange,
    publicKeys,
  };
}
