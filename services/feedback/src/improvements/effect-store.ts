import type { GlobalPosition } from '@ctp/contracts';
import type { Db } from 'mongodb';
import type { AnswerFacts, ComplaintFacts, EffectScope, EffectSeries } from '../domain/improvements/effect-series.js';

/**
 * What the effect follower keeps, read by `_id` only:
 * - `improvementEffects`: the head (`effects-v1`: how far the feed was followed, and the actions known) and one
 *   document per action (`effects-v1:<actionId>`) with its series; a new rule or shape gets new ids;
 * - the facts an action created later is counted from: each customer's purchase days, each complaint as it stands,
 *   each CSAT answer, each as of the position it holds.
 */
export const effectsHeadId = 'effects-v1';
export const effectId = (actionId: string) => `${effectsHeadId}:${actionId}`;

export interface KnownAction {
  readonly actionId: string;
  readonly scope: EffectScope;
}

export interface EffectsHead {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly followedAt: Date;
  /** Set once a batch came shorter than a full one: the follower had reached the feed's end. */
  readonly caughtUp: boolean;
  readonly actions: readonly KnownAction[];
}

export interface ActionEffect {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly actionId: string;
  readonly series: EffectSeries;
}

interface Kept<T> {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly facts: T;
}
export type KeptDays = Kept<readonly string[]>;
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
