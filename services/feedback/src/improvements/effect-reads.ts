import type { GlobalPosition } from '@ctp/contracts';
import { ProblemError, problems } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { followedHead } from '../lists/followed-head.js';
import type { EffectSeries } from '../domain/improvements/effect-series.js';
import { effectDocuments, effectId, effectsHeadId, unpackSeries } from './effect-store.js';

const retryAfterSeconds = 5;
const notCounted = (detail: string) => new ProblemError(problems.CTP_NOT_READY, detail, [], {}, { 'retry-after': String(retryAfterSeconds) });

/**
 * The action's effect series as the effect follower keeps it, once the follower has passed `minPosition` (503 after
 * `timeoutMs`); 503 CTP_NOT_READY with Retry-After while the follower has not yet reached the feed's end or the action.
 */
export async function countedEffect(db: Db, actionId: string, minPosition: GlobalPosition | undefined, timeoutMs: number): Promise<EffectSeries> {
  const { head, effects } = effectDocuments(db);
  const followed = await followedHead(head, effectsHeadId, minPosition, timeoutMs);
  if (followed?.caughtUp !== true) throw notCounted(`the improvement effects are still being counted from the event store (followed to ${followed?.position ?? 'nothing yet'}); retry`);
  const effect = await effects.findOne({ _id: effectId(actionId) });
  if (effect === null) throw notCounted(`the effect of ${actionId} is not counted yet (followed to ${followed.position}); retry, or ask with minPosition`);
  return unpackSeries(effect.series);
}
