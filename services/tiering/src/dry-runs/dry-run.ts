import { isoDateIn } from '@ctp/calendar';
import { dryRun, type DryRunResult } from '../domain/dry-run.js';
import type { TierPolicyDocument } from '../domain/policy.js';
import { scoreCustomer } from '../domain/score.js';
import { loadAllHistories } from '../history/customer-history.js';
import { measure } from '../policy/measure.js';
import { calibratedOn } from '../policy/policy-stream.js';
import { policyInForce, type TieringDeps } from '../tiering-deps.js';

/**
 * The proposed policy against the one in force, both applied to every customer's history as it
 * stood at `asOf`. Percentile components without a calibration are calibrated at `asOf`.
 */
export async function runDryRun(deps: TieringDeps, proposed: TierPolicyDocument, asOf: number): Promise<DryRunResult & { elapsedMs: number }> {
  const started = performance.now();
  const [histories, current] = await Promise.all([loadAllHistories(deps.history, asOf), policyInForce(deps, asOf)]);
  const calibrated = calibratedOn(proposed, histories, asOf, deps);
  const customers = histories.map((history) => ({
    customerId: history.customerId,
    values: measure(history, calibrated, asOf, deps),
    currentTier: current ? scoreCustomer(measure(history, current, asOf, deps), current).tier : null,
  }));
  const result = dryRun({ asOf: isoDateIn(asOf, deps.timeZone), customers, proposed: calibrated, current });
  return { ...result, elapsedMs: Math.round(performance.now() - started) };
}
