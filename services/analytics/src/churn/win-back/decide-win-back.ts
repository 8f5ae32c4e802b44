import type { ChurnEvent } from '@ctp/contracts';
import type { CustomerRisk } from '../churn-backtest.js';
import type { ChurnModel } from '../churn-model.js';

/** A customer's churn stream folded: how often the risk crossed the threshold, whether it is above it now, and the latest day decided. */
export interface WinBackState {
  readonly crossings: number;
  readonly above: boolean;
  readonly lastAsOf: string | null;
}

export const initialWinBackState = (): WinBackState => ({ crossings: 0, above: false, lastAsOf: null });

export function evolveWinBack(state: WinBackState, event: ChurnEvent): WinBackState {
  switch (event.type) {
    case 'WinBackRequested':
      return { crossings: event.data.crossing, above: true, lastAsOf: event.data.asOf };
    case 'ChurnRiskSubsided':
      return { ...state, above: false, lastAsOf: event.data.asOf };
  }
}

/** One daily score of one customer: everything the decider needs, no clock and no store. */
export interface ScoredCustomer {
  readonly risk: CustomerRisk;
  readonly tier: string | null;
  readonly model: Pick<ChurnModel, 'id' | 'version' | 'threshold'>;
  /** The day scored: facts before its start in the business time zone. */
  readonly asOf: string;
  /** When the scan decided (the scan timer's due instant). */
  readonly at: string;
}

const topCount = 3;
const maxCauses = 100;

/** The largest contributions (above 0), largest first, and the positions of the events behind them. */
export function topFactorsOf(risk: CustomerRisk) {
  const top = risk.contributions.filter(({ contribution }) => contribution > 0).toSorted((a, b) => b.contribution - a.contribution).slice(0, topCount);
  const names = new Set(top.map(({ factor }) => factor));
  const positions = risk.factors.filter(({ name }) => names.has(name)).flatMap(({ trace }) => trace.map(({ position }) => position));
  return {
    topFactors: top.map(({ factor, value, contribution, share }) => ({ factor, value, contribution, share })),
    causes: [...new Set(positions)].slice(0, maxCauses),
  };
}

/**
 * One win-back task per crossing: a score at or above the threshold asks for one when the customer was
 * below (or never scored); while it stays above, nothing; falling below records that the risk subsided,
 * so the next crossing asks again. A score of a day not after the latest one decided (a scan catching up on
 * missed days after a newer one ran) decides nothing.
 */
export function decideWinBack({ risk, tier, model, asOf, at }: ScoredCustomer, state: WinBackState): ChurnEvent[] {
  if (state.lastAsOf !== null && asOf <= state.lastAsOf) return [];
  const scored = { customerId: risk.customerId, score: risk.score, threshold: model.threshold, model: { id: model.id, version: model.version }, asOf };
  if (risk.atRisk && !state.above) {
    return [{ type: 'WinBackRequested', data: { ...scored, crossing: state.crossings + 1, tier, ...topFactorsOf(risk), requestedAt: at } }];
  }
  if (!risk.atRisk && state.above) return [{ type: 'ChurnRiskSubsided', data: { ...scored, crossing: state.crossings, subsidedAt: at } }];
  return [];
}
