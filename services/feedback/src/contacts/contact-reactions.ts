import { categoryOf, decoderFor, type RecordedEvent } from '@ctp/contracts';
import type { ContactDeps } from './contact-deps.js';
import { feedbackActor, withContactStream } from './contact-stream.js';
import { careOwedAt, contactByLifecycleStage } from './lifecycle-contacts.js';
import { tierAfter } from './tier-entitlements.js';

/**
 * The facts contact plans follow: a tier change re-plans, so does a new tier policy version changing the
 * tier's entitlements; a complaint or a poor survey answer asks for a visit; analytics' win-back request
 * asks for a callback; a lifecycle stage's contact plan asks for one too; an erasure ends the plan.
 */
export const contactReactorCategories = ['tier', 'tierPolicy', 'case', 'survey', 'customer', 'churn', 'lifecycle'] as const;

const tierEvent = decoderFor('tier');
const caseEvent = decoderFor('case');
const customerEvent = decoderFor('customer');
const surveyEvent = decoderFor('survey');
const policyEvent = decoderFor('tierPolicy');
const churnEvent = decoderFor('churn');

const causedBy = (trigger: RecordedEvent) => ({ causationId: trigger.id, correlationId: trigger.correlationId, occurredAt: trigger.occurredAt, actor: feedbackActor, traceparent: trigger.traceparent });

/** The customer's tier in force after the batch's last event of theirs: the plan follows it from that event's time. */
async function followTiers(deps: ContactDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  const lastPerCustomer = new Map(events.map((event) => [event.streamId, event]));
  for (const trigger of lastPerCustomer.values()) {
    const { customerId } = tierEvent(trigger).data;
    const history = (await deps.history.readStream(trigger.streamId)).filter(({ revision }) => revision <= trigger.revision);
    const tier = await tierAfter(deps.history, history);
    const careOwed = tier?.entitlements.dedicatedManager ? await careOwedAt(deps, customerId) : null;
    await withContactStream(deps, customerId, causedBy(trigger), () => ({ kind: 'follow_tier', customerId, tier, ...(careOwed ? { careOwed } : {}), at: trigger.occurredAt, timeZone: deps.timeZone }));
    await heartbeat();
  }
}

/**
 * A new version of a tier policy: each plan on an older version of it whose tier's entitlements changed
 * re-plans from when the version takes effect (its effectiveFrom, or its publication if later).
 */
async function followPolicies(deps: ContactDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  for (const event of events.map(policyEvent)) {
    if (event.type !== 'TierPolicyVersionPublished') continue;
    const { policyId, policyVersion, effectiveFrom, tiers } = event.data;
    const entitlements = Object.fromEntries(tiers.map(({ tier, service: { callbacksPerYear, onSiteVisitsPerYear, dedicatedManager } }) => [tier, { callbacksPerYear, onSiteVisitsPerYear, dedicatedManager }]));
    const at = new Date(Math.max(Date.parse(effectiveFrom), Date.parse(event.occurredAt))).toISOString();
    for (const customerId of await deps.plans.onPolicy(policyId)) {
      await withContactStream(deps, customerId, causedBy(event), () => ({ kind: 'follow_policy', tierPolicy: { policyId, policyVersion }, entitlements, at, timeZone: deps.timeZone }));
      await heartbeat();
    }
  }
}

/** A complaint: the customer is dissatisfied and gets a visit (one open at a time). */
async function visitComplainants(deps: ContactDeps, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events.map(caseEvent)) {
    if (event.type !== 'CaseOpened' || event.data.type !== 'complaint') continue;
    const { customerId, caseId, openedAt } = event.data;
    await withContactStream(deps, customerId, causedBy(event), () => ({ kind: 'dissatisfied', customerId, trigger: 'complaint', caseId, at: new Date(openedAt).toISOString(), timeZone: deps.timeZone }));
  }
}

/** A poor survey answer (CSAT <= 2, NPS detractor, CES <= 3) opened a follow-up: the customer is dissatisfied too. */
async function visitPoorlyAnswered(deps: ContactDeps, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events.map(surveyEvent)) {
    if (event.type !== 'FollowUpOpened') continue;
    const { customerId, caseId, openedAt } = event.data;
    await withContactStream(deps, customerId, causedBy(event), () => ({ kind: 'dissatisfied', customerId, trigger: 'poor_survey_answer', caseId, at: new Date(openedAt).toISOString(), timeZone: deps.timeZone }));
  }
}

/** A churn risk crossed the threshold (analytics' daily scan): one win-back callback per request, however often it is delivered. */
async function callBackAtRisk(deps: ContactDeps, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events.map(churnEvent)) {
    if (event.type !== 'WinBackRequested') continue;
    const { customerId, tier, crossing } = event.data;
    const winBack = { eventId: event.id, position: event.globalPosition, crossing };
    await withContactStream(deps, customerId, causedBy(event), () => ({ kind: 'win_back', customerId, tier, winBack, at: event.occurredAt, timeZone: deps.timeZone }));
  }
}

async function endErasedPlans(deps: ContactDeps, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events.map(customerEvent)) {
    if (event.type === 'CustomerErasureRequested') await withContactStream(deps, event.data.customerId, causedBy(event), () => ({ kind: 'end', at: event.occurredAt }));
  }
}

export async function reactToContactFacts(deps: ContactDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  const of = (category: string) => events.filter((event) => categoryOf(event.streamId) === category);
  await followTiers(deps, of('tier'), heartbeat);
  await followPolicies(deps, of('tierPolicy'), heartbeat);
  await visitComplainants(deps, of('case'));
  await visitPoorlyAnswered(deps, of('survey'));
  await callBackAtRisk(deps, of('churn'));
  await contactByLifecycleStage(deps, of('lifecycle'));
  await endErasedPlans(deps, of('customer'));
}
