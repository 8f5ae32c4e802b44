import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { customerIdOf, isCustomerStream } from '../history/customer-history.js';
import { tieringActor } from '../tiers/tier-stream.js';
import type { LifecycleFact } from '../domain/lifecycle/decide-lifecycle.js';
import { applyLifecycleRules } from './lifecycle-check.js';
import type { LifecycleDeps } from './lifecycle-deps.js';
import { loadRulesVersions, type PublishedRules } from './lifecycle-rules-stream.js';

/** Intake's customer facts the stage rules read, and analytics' churn model. */
export const lifecycleReactorCategories = ['customer', 'churn'] as const;

/** A merge (on the survivor's stream) brings the merged-away ids' purchases to the survivor's rules. */
const stageFacts: ReadonlySet<string> = new Set(['CustomerRegistered', 'PurchaseRecorded', 'CustomersMerged']);
const churnEvent = decoderFor('churn');

const factOf = (event: RecordedEvent): LifecycleFact => ({ kind: 'event', type: event.type, eventId: event.id, position: event.globalPosition, at: event.occurredAt });
const causedBy = (event: RecordedEvent) => ({ causationId: event.id, correlationId: event.correlationId, occurredAt: event.occurredAt, actor: tieringActor, traceparent: event.traceparent });

/** Each registration, purchase and merge, in order: every stage change cites the one fact that fired its rule. */
async function followFacts(deps: LifecycleDeps, versions: readonly PublishedRules[], event: RecordedEvent): Promise<void> {
  const customerId = customerIdOf(event.streamId);
  const fact = factOf(event);
  await applyLifecycleRules(deps, versions, customerId, causedBy(event), fact, (facts, rules) => ({ kind: 'apply_rules', customerId, facts, fact, rules }));
}

async function followChurnModel(deps: LifecycleDeps, versions: readonly PublishedRules[], raw: RecordedEvent): Promise<void> {
  const event = churnEvent(raw);
  const { customerId, score, threshold, model } = event.data;
  const raised = event.type === 'WinBackRequested';
  const detail = `churn score ${score} ${raised ? '>=' : '<'} ${threshold} (${model.id} v${model.version})`;
  const fact = factOf(raw);
  await applyLifecycleRules(deps, versions, customerId, causedBy(raw), fact, (facts, rules) => ({ kind: 'churn_risk', customerId, raised, detail, facts, fact, rules }));
}

/** A batch's facts in order, against the rules versions as published when the batch began (read once). */
export async function reactToLifecycleFacts(deps: LifecycleDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  let versions: readonly PublishedRules[] | undefined;
  const rules = async () => (versions ??= await loadRulesVersions(deps.store));
  for (const event of events) {
    if (isCustomerStream(event.streamId)) {
      if (stageFacts.has(event.type)) await followFacts(deps, await rules(), event);
    } else await followChurnModel(deps, await rules(), event);
    await heartbeat();
  }
}
