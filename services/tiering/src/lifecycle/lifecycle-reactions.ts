import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import type { LifecycleFact } from '../domain/lifecycle/decide-lifecycle.js';
import { customerIdOf, isCustomerStream, loadHistories } from '../history/customer-history.js';
import { tieringActor } from '../tiers/tier-stream.js';
import { applyLifecycleRules, scheduleChecks, type LifecycleCheck, type LifecycleInputs } from './lifecycle-check.js';
import type { LifecycleDeps } from './lifecycle-deps.js';
import { loadRulesVersions } from './lifecycle-rules-stream.js';

/** Intake's customer facts the stage rules read, and analytics' churn model. */
export const lifecycleReactorCategories = ['customer', 'churn'] as const;

/** A merge (on the survivor's stream) brings the merged-away ids' purchases to the survivor's rules. */
const stageFacts: ReadonlySet<string> = new Set(['CustomerRegistered', 'PurchaseRecorded', 'CustomersMerged']);
const churnEvent = decoderFor('churn');

const factOf = (event: RecordedEvent): LifecycleFact => ({ kind: 'event', type: event.type, eventId: event.id, position: event.globalPosition, at: event.occurredAt });
const causedBy = (event: RecordedEvent) => ({ causationId: event.id, correlationId: event.correlationId, occurredAt: event.occurredAt, actor: tieringActor, traceparent: event.traceparent });

/** A batch's events the rules follow: each registration, purchase and merge, and each churn model event, with the customer each concerns. */
function followed(events: readonly RecordedEvent[]): { readonly event: RecordedEvent; readonly customerId: string }[] {
  return events.flatMap((event) => {
    if (isCustomerStream(event.streamId)) return stageFacts.has(event.type) ? [{ event, customerId: customerIdOf(event.streamId) }] : [];
    return [{ event, customerId: churnEvent(event).data.customerId }];
  });
}

/** Every stage change cites the one fact that fired its rule. */
function followFact(deps: LifecycleDeps, inputs: LifecycleInputs, customerId: string, event: RecordedEvent): Promise<LifecycleCheck | null> {
  const fact = factOf(event);
  return applyLifecycleRules(deps, inputs, customerId, causedBy(event), fact, (facts, rules) => ({ kind: 'apply_rules', customerId, facts, fact, rules }));
}

function followChurnModel(deps: LifecycleDeps, inputs: LifecycleInputs, raw: RecordedEvent): Promise<LifecycleCheck | null> {
  const event = churnEvent(raw);
  const { customerId, score, threshold, model } = event.data;
  const raised = event.type === 'WinBackRequested';
  const detail = `churn score ${score} ${raised ? '>=' : '<'} ${threshold} (${model.id} v${model.version})`;
  const fact = factOf(raw);
  return applyLifecycleRules(deps, inputs, customerId, causedBy(raw), fact, (facts, rules) => ({ kind: 'churn_risk', customerId, raised, detail, facts, fact, rules }));
}

/**
 * A batch's facts in order, against the rules versions and the customers' histories as they stood when the batch
 * began (each read once); the checks of the next time windows are scheduled together after the decisions, before
 * the batch is committed (a crash between them delivers the batch again, which schedules them again).
 */
export async function reactToLifecycleFacts(deps: LifecycleDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  const batch = followed(events);
  if (batch.length === 0) return;
  const [versions, histories] = await Promise.all([loadRulesVersions(deps.store), loadHistories(deps.history, [...new Set(batch.map(({ customerId }) => customerId))])]);
  const checks: LifecycleCheck[] = [];
  for (const { event, customerId } of batch) {
    const inputs = { versions, history: histories.get(customerId)! };
    const check = isCustomerStream(event.streamId) ? await followFact(deps, inputs, customerId, event) : await followChurnModel(deps, inputs, event);
    if (check) checks.push(check);
    await heartbeat();
  }
  await scheduleChecks(deps, checks);
}
