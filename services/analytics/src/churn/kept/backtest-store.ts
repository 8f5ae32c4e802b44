import { isDuplicateKey } from '@ctp/projections';
import type { Db } from 'mongodb';
import type { BacktestMetrics } from '../churn-metrics.js';
import type { KeptCount } from './kept-counts.js';
import { rankingKeyText, type RankingKey } from './ranking-store.js';

/** Collection `churnBacktests`: one document per model, zone, asOf and horizon, read by `_id`. */
export const churnBacktestsCollection = 'churnBacktests';

/** A day's ranking's key and the horizon the predictions are labelled over. */
export interface BacktestKey extends RankingKey {
  readonly horizonDays: number;
}

export interface KeptBacktest extends KeptCount {
  readonly _id: string;
  readonly metrics: BacktestMetrics;
}

export const backtestId = (key: BacktestKey) => `churn-backtest-v1:${rankingKeyText(key)}:${key.horizonDays}`;

export function backtestStore(db: Db) {
  const backtests = db.collection<KeptBacktest>(churnBacktestsCollection);
  return {
    read: (key: BacktestKey) => backtests.findOne({ _id: backtestId(key) }),
    /** Keeps the backtest unless one whose count began later is kept already (at the same instant: the later write); returns the one kept. */
    async write(kept: KeptBacktest): Promise<KeptBacktest> {
      try {
        await backtests.replaceOne({ _id: kept._id, countStartedAt: { $lte: kept.countStartedAt } }, kept, { upsert: true });
        return kept;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        return (await backtests.findOne({ _id: kept._id })) ?? kept;
      }
    },
  };
}
