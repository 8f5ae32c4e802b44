import type { GlobalPosition } from '@ctp/contracts';
import { followedHead, ProblemError, problems } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import type { EffectSeries } from '../domain/improvements/effect-series.js';
import { effectDocuments, effectId, effectsHeadId, unpackSeries } from './effect-store.js';

const retryAfterSeconds = 5;
const notCounted = (detail: string) => new ProblemError(problems.CTP_NOT_READY, detail, [], {}, { 'retry-after': String(retryAfterSeconds) });

/**
 * The action's effect series as the effect follower keeps it, once the follower has passed `minPosition`. An action
 * not counted yet (created a moment ago) waits for the follower to reach the store's head as the request came, at most
 * `timeoutMs`; 503 CTP_NOT_READY with Retry-After if it has not got there (or has not yet reached the feed's end).
 */
export async function countedEffect(db: Db, actionId: string, minPosition: GlobalPosition | undefined, timeoutMs: number, storeHead: () => Promise<GlobalPosition | null>): Promise<EffectSeries> {
  const { head, effects } = effectDocuments(db);
  const read = () => effects.findOne({ _id: effectId(actionId) });
  const follower = { name: effectsHeadId, read: () => head.findOne({ _id: effectsHeadId }) };
  const followed = await followedHead(follower, minPosition, timeoutMs, storeHead);
  const counted = followed?.caughtUp === true ? await read() : null;
  if (counted !== null) return unpackSeries(counted.series);
  const newest = await storeHead();
  const reached = newest === null ? followed : await followedHead(follower, newest, timeoutMs, storeHead);
  const effect = reached?.caughtUp === true ? await read() : null;
  if (effect === null) throw notCounted(`the effect of ${actionId} is not counted yet (the effect follower is at ${reached?.position ?? 'nothing yet'}); retry`);
  return unpackSeries(effect.series);
}
