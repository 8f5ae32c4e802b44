import type { GlobalPosition } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { windowDays, type AnswerFacts, type ComplaintFacts, type EffectScope, type EffectSeries } from '../domain/improvements/effect-series.js';

/**
 * What the effect follower keeps, read by `_id` only:
 * - `improvementEffects`: the head (`effects-v1`: how far the feed was followed, and the actions known) and one
 *   document per action (`effects-v1:<actionId>`) with its series; a new rule or shape gets new ids;
 * - the facts an action created later is counted from: each customer's purchase days, each complaint as it stands,
 *   each CSAT answer, each as of the position it holds.
 */
export const effectsHeadId = 'effects-v1';
export const effectId = (actionId: string) => `${effectsHeadId}:${actionId}`;

export interface EffectsHead {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly followedAt: Date;
  /** Set once a batch came shorter than a full one: the follower had reached the feed's end. */
  readonly caughtUp: boolean;
}

/**
 * A series as stored: its counts as one base64 string of little-endian int32s (complaints, responses, satisfied,
 * lastBefore, firstAfter, in that order). FerretDB 1.24 takes about 200 ms to read a document holding the same
 * 2,929 numbers as arrays on a busy machine, and a few ms to read this string.
 */
export interface StoredSeries {
  readonly startsOn: string;
  readonly counts: string;
}

const lengths = { complaints: 2 * windowDays, responses: 2 * windowDays, satisfied: 2 * windowDays, lastBefore: windowDays + 1, firstAfter: windowDays } as const;
const parts = Object.keys(lengths) as (keyof typeof lengths)[];

export function packSeries(series: EffectSeries): StoredSeries {
  const counts = Int32Array.from(parts.flatMap((part) => series[part]));
  return { startsOn: series.startsOn, counts: Buffer.from(counts.buffer).toString('base64') };
}

export function unpackSeries(stored: StoredSeries): EffectSeries {
  const bytes = Buffer.from(stored.counts, 'base64');
  const counts = Array.from(new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
  let first = 0;
  const series: Record<string, readonly number[]> = {};
  for (const part of parts) {
    series[part] = counts.slice(first, first + lengths[part]);
    first += lengths[part];
  }
  return { startsOn: stored.startsOn, ...(series as Omit<EffectSeries, 'startsOn'>) };
}

export interface ActionEffect {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly actionId: string;
  readonly scope: EffectScope;
  readonly series: StoredSeries;
}

interface Kept<T> {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly facts: T;
}
/** A customer's purchase days joined by commas (a string: FerretDB reads arrays element by element, slowly). */
export type KeptDays = Kept<string>;
export type KeptComplaint = Kept<ComplaintFacts>;
export type KeptAnswer = Kept<AnswerFacts>;

export function effectDocuments(db: Db) {
  return {
    head: db.collection<EffectsHead>('improvementEffects'),
    effects: db.collection<ActionEffect>('improvementEffects'),
    customers: db.collection<KeptDays>('effectCustomerDays'),
    complaints: db.collection<KeptComplaint>('effectComplaints'),
    answers: db.collection<KeptAnswer>('effectAnswers'),
  };
}
export type EffectDocuments = ReturnType<typeof effectDocuments>;
