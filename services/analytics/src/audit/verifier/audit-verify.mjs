#!/usr/bin/env node
// Offline verifier of an audit bundle (GET /v1/audit/export): plain Node, no dependencies, shares
// no code with the sealer on purpose. Usage:
//   node audit-verify.mjs bundle.json [--trusted-keys keys.json]
// keys.json: {"<keyId>": "<SPKI PEM>"} obtained out of band; without it the bundle's own keys are used.
// Exit 0: verified; 1: a broken link (printed); 2: usage or unreadable bundle.
import { Buffer } from 'node:buffer';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const GENESIS = '0'.repeat(64);

export function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

export function eventHash(event, previousHash) {
  const { id, streamId, revision, type, schemaVersion, occurredAt, recordedAt, actor, causationId, correlationId, traceparent, globalPosition, data } = event;
  return sha256(canonicalJson({ v: 1, id, streamId, revision, type, schemaVersion, occurredAt, recordedAt, actor, causationId, correlationId, traceparent, globalPosition, data, previousHash }));
}

function signatureValid(checkpoint, publicKeyPem) {
  if (!publicKeyPem) return false;
  const { position, seq, feedHash, at, keyId } = checkpoint;
  const message = canonicalJson({ format: 'ctp-audit-checkpoint/1', position, seq, feedHash, at, keyId });
  try {
    return verify(null, Buffer.from(message), createPublicKey(publicKeyPem), Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Checks a bundle; returns { verified, firstBrokenLink, eventsVerified, eventsNotYetSealed, checkpointsVerified, latestCheckpointCovered }. */
export function verifyBundle(bundle, trustedKeys) {
  if (bundle?.format !== 'ctp-audit-bundle/1') throw new Error(`not a ctp-audit-bundle/1 (format ${JSON.stringify(bundle?.format)})`);
  const keys = trustedKeys ?? bundle.publicKeys ?? {};
  const problems = [];
  const broken = (reason, at, expectedHash, foundHash, detail) =>
    problems.push({ reason, streamId: at.streamId ?? null, revision: at.revision ?? null, globalPosition: at.globalPosition ?? at.position, eventId: at.eventId ?? at.id ?? null, expectedHash, foundHash, detail });
  const sealOf = new Map(bundle.seals.map((seal) => [`${seal.streamId}@${seal.revision}`, seal]));
  const sealedUpTo = bundle.sealedUpTo === null ? null : BigInt(bundle.sealedUpTo);
  const byStream = new Map();
  for (const event of bundle.events) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
  let eventsVerified = 0;
  let eventsNotYetSealed = 0;
  const seen = new Set();
  const recomputed = new Map();
  for (const events of byStream.values()) {
    events.sort((a, b) => a.revision - b.revision);
    const hashes = new Map();
    for (const event of events) {
      const key = `${event.streamId}@${event.revision}`;
      const previous = event.revision > 0 ? (hashes.get(event.revision - 1) ?? sealOf.get(`${event.streamId}@${event.revision - 1}`)?.eventHash ?? null) : null;
      const hash = eventHash(event, previous);
      hashes.set(event.revision, hash);
      const seal = sealOf.get(key);
      seen.add(key);
      if (!seal) {
        if (sealedUpTo !== null && BigInt(event.globalPosition) <= sealedUpTo) {
          broken('unsealed_event_in_sealed_range', { ...event, eventId: event.id }, null, hash, 'an event at a position the sealer passed has no seal');
          break;
        }
        eventsNotYetSealed += 1;
        continue;
      }
      recomputed.set(seal.seq, hash);
      if (seal.eventHash !== hash) {
        broken('hash_mismatch', { ...event, eventId: event.id }, seal.eventHash, hash, `${event.streamId} revision ${event.revision} differs from what was sealed`);
        break;
      }
      eventsVerified += 1;
    }
  }
  for (const seal of bundle.seals) if (!seen.has(`${seal.streamId}@${seal.revision}`)) broken('event_missing', seal, seal.eventHash, null, 'a sealed event is missing from the bundle');
  // The feed between signed checkpoints: every exported event's hash at its place, each checkpoint's feed hash and signature.
  const checkpoints = new Map(bundle.checkpoints.map((checkpoint) => [checkpoint.seq, checkpoint]));
  let checkpointsVerified = 0;
  let latestCheckpointCovered = null;
  const checkCheckpoint = (checkpoint, feedHash) => {
    if (!signatureValid(checkpoint, keys[checkpoint.keyId])) {
      broken(keys[checkpoint.keyId] ? 'checkpoint_signature_invalid' : 'checkpoint_unknown_key', checkpoint, checkpoint.feedHash, null, `checkpoint ${checkpoint.seq} (key ${checkpoint.keyId}) does not verify`);
      return false;
    }
    if (feedHash !== checkpoint.feedHash) {
      broken('checkpoint_feed_hash_mismatch', checkpoint, checkpoint.feedHash, feedHash, `the feed hash up to checkpoint ${checkpoint.seq} differs from the signed one`);
      return false;
    }
    checkpointsVerified += 1;
    latestCheckpointCovered = { position: checkpoint.position, seq: checkpoint.seq, at: checkpoint.at, keyId: checkpoint.keyId };
    return true;
  };
  let feedHash = bundle.feed.fromFeedHash;
  const start = checkpoints.get(bundle.feed.fromSeq);
  if (bundle.feed.fromSeq > 0 && (!start || !checkCheckpoint(start, feedHash))) {
    if (!start) broken('checkpoint_feed_hash_mismatch', { position: '0' }, null, feedHash, 'the feed starts at no signed checkpoint');
  } else if (bundle.feed.fromSeq === 0 && feedHash !== GENESIS) {
    broken('checkpoint_feed_hash_mismatch', { position: '0' }, GENESIS, feedHash, 'the feed does not start at the genesis hash');
  }
  const sealBySeq = new Map(bundle.seals.map((seal) => [seal.seq, seal]));
  bundle.feed.hashes.every((hash, index) => {
    const seq = bundle.feed.fromSeq + index + 1;
    const seal = sealBySeq.get(seq);
    if (seal && hash !== (recomputed.get(seq) ?? seal.eventHash)) {
      broken('hash_mismatch', seal, hash, recomputed.get(seq) ?? seal.eventHash, `the feed's hash at ${seq} is not the exported event's`);
      return false;
    }
    feedHash = sha256(feedHash + hash);
    const checkpoint = checkpoints.get(seq);
    return !checkpoint || checkCheckpoint(checkpoint, feedHash);
  });
  problems.sort((a, b) => (BigInt(a.globalPosition) < BigInt(b.globalPosition) ? -1 : BigInt(a.globalPosition) > BigInt(b.globalPosition) ? 1 : 0));
  return { verified: problems.length === 0, scope: bundle.scope, eventsVerified, eventsNotYetSealed, checkpointsVerified, latestCheckpointCovered, firstBrokenLink: problems[0] ?? null };
}

function main(argv) {
  const args = argv.slice(2);
  const trustedAt = args.indexOf('--trusted-keys');
  const trusted = trustedAt >= 0 ? JSON.parse(readFileSync(args[trustedAt + 1], 'utf8')) : undefined;
  const file = args.find((arg, index) => !arg.startsWith('--') && (trustedAt < 0 || index !== trustedAt + 1));
  if (!file) {
    process.stderr.write('usage: audit-verify <bundle.json> [--trusted-keys keys.json]\n');
    return 2;
  }
  let result;
  try {
    result = verifyBundle(JSON.parse(readFileSync(file, 'utf8')), trusted);
  } catch (error) {
    process.stderr.write(`cannot verify ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return result.verified ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) process.exitCode = main(process.argv);
