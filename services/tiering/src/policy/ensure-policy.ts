import { WrongExpectedRevisionError } from '@ctp/event-store';
import { tieringActor } from '../tiers/tier-stream.js';
import type { TieringDeps } from '../tiering-deps.js';
import { bootstrapPolicy } from './bootstrap-policy.js';
import { loadPolicyVersions, publishPolicy } from './policy-stream.js';

/** A deployment without a policy publishes the bootstrap one (fixed thresholds), once. */
export async function ensurePolicy(deps: TieringDeps, logger: { info(object: object, message: string): void }): Promise<void> {
  if ((await loadPolicyVersions(deps.store, deps.policyId)).length > 0) return;
  const document = { ...bootstrapPolicy, currency: deps.rates.reporting };
  try {
    await publishPolicy(deps.store, deps.policyId, document, { expectedVersion: 0, actor: tieringActor, correlationId: 'bootstrap', occurredAt: deps.clock() });
    logger.info({ policyId: deps.policyId }, 'published the bootstrap tier policy (version 1)');
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
  }
}
