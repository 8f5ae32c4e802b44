import { nameUuid } from '@ctp/contracts';
import type { DemoCase } from './cases.js';
import type { Seed } from './random/prng.js';
import { fetchPatiently } from './patient-fetch.js';
import { caseSurveyAnswers, demoContactOutcome, planDemoComplaints, planImprovementActions, relationshipSurveyAnswers, remedyAmount } from './feedback-plan.js';

export interface LoadFeedbackOptions {
  readonly seed: Seed;
  readonly now: Date;
  /** Base URLs, e.g. http://127.0.0.1:8084 (feedback), :8083 (sla), :8081 (intake). */
  readonly feedbackUrl: string;
  readonly slaUrl: string;
  readonly intakeUrl: string;
  /** API keys by role: integrator, agent, admin. */
  readonly keys: { readonly integrator: string; readonly agent: string; readonly admin: string };
  /** How long to wait for feedback to record a complaint sla opened (default 60 s). */
  readonly waitMs?: number;
}

/** Counts of what each part did: `done` now, `already` there from an earlier load, `skipped` with the reason. */
export type PartCounts = Record<string, number>;

export interface LoadFeedbackResult {
  readonly complaints: PartCounts;
  readonly remedies: PartCounts;
  readonly actions: PartCounts;
  readonly surveys: PartCounts;
  readonly contacts: PartCounts;
  /** The first few unexpected answers, as `<METHOD> <path>: <status> <detail>`. */
  readonly failures: string[];
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** The first rule code of a 422. */
  readonly rule: string | null;
}

class Unexpected extends Error {}

const count = (counts: PartCounts, what: string) => {
  counts[what] = (counts[what] ?? 0) + 1;
};

async function send(url: string, method: string, path: string, key: string, body?: unknown, idempotencyKey?: string): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const response = await fetchPatiently(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  const errors = Array.isArray(answer.errors) ? (answer.errors as { rule?: string; message?: string }[]) : [];
  const rule = response.status === 422 ? (errors.find(({ rule }) => rule)?.rule ?? null) : null;
  return { status: response.status, body: answer, rule };
}

function unexpected(method: string, path: string, answer: Answer): Unexpected {
  const errors = Array.isArray(answer.body.errors) ? (answer.body.errors as { message?: string }[]).map(({ message }) => message) : [];
  return new Unexpected(`${method} ${path}: ${answer.status} ${[answer.body.detail, ...errors].filter(Boolean).join('; ') || String(answer.body.title ?? '')}`.trim());
}

/** Runs one part; what goes wrong in it is noted and the other parts still run. */
async function part(result: LoadFeedbackResult, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const message = error instanceof Error ? (error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message) : String(error);
    if (result.failures.length < 5) result.failures.push(message);
  }
}

const isoDay = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Demo feedback on top of the demo cases: causes on each complaint, a few remedies (within the band and two
 * above it, left awaiting approval), three improvement actions, answers to the survey invitations feedback
 * made, and contact outcomes. Every write has a fixed id or an Idempotency-Key, so loading again adds nothing.
 */
export async function loadDemoFeedback(cases: readonly DemoCase[], options: LoadFeedbackOptions): Promise<LoadFeedbackResult> {
  const result: LoadFeedbackResult = { complaints: {}, remedies: {}, actions: {}, surveys: {}, contacts: {}, failures: [] };
  const { keys } = options;
  const feedback = (method: string, path: string, key: string, body?: unknown, idempotencyKey?: string) => send(options.feedbackUrl, method, path, key, body, idempotencyKey);

  const taxonomy = await feedback('GET', '/v1/root-causes', keys.agent);
  if (taxonomy.status !== 200) throw unexpected('GET', '/v1/root-causes', taxonomy);
  const codes = (taxonomy.body.causes as { code: string }[]).map(({ code }) => code);

  // sla answers a case it already has with its id (200), so the cases' ids come from posting the openings again.
  const caseIds = new Map<string, string>();
  await part(result, async () => {
    for (const { opening } of cases) {
      const answer = await send(options.slaUrl, 'POST', '/v1/cases', keys.integrator, opening);
      if (answer.status === 200 || answer.status === 201) caseIds.set(opening.source.externalId, String(answer.body.caseId));
      else if (answer.status !== 422) throw unexpected('POST', '/v1/cases', answer);
    }
  });
  const customerOf = new Map(cases.map(({ opening }) => [opening.source.externalId, opening.customerId]));

  const deadline = performance.now() + (options.waitMs ?? 60_000);
  for (const plan of planDemoComplaints(cases, options.seed, codes)) {
    const caseId = caseIds.get(plan.externalId);
    if (!caseId) continue;
    await part(result, async () => {
      const path = `/v1/complaints/${encodeURIComponent(caseId)}/causes`;
      let answer = await feedback('PUT', path, keys.agent, { causes: plan.causes }, `demo-causes/${plan.externalId}`);
      // feedback records a complaint a moment after sla's CaseOpened.
      while (answer.status === 404 && performance.now() < deadline) {
        await new Promise((done) => setTimeout(done, 500));
        answer = await feedback('PUT', path, keys.agent, { causes: plan.causes }, `demo-causes/${plan.externalId}`);
      }
      if (answer.status === 404) return count(result.complaints, 'not recorded by feedback yet');
      if (answer.status !== 200) throw unexpected('PUT', path, answer);
      count(result.complaints, 'classified');
      if (plan.remedy) await requestRemedy(caseId, customerOf.get(plan.externalId)!, plan.remedy);
    });
  }

  async function requestRemedy(caseId: string, customerId: string, remedy: NonNullable<ReturnType<typeof planDemoComplaints>[number]['remedy']>) {
    const timeline = await send(options.intakeUrl, 'GET', `/v1/customers/${encodeURIComponent(customerId)}/timeline?types=PurchaseRecorded&limit=1&purpose=complaint_handling`, keys.agent);
    if (timeline.status !== 200) throw unexpected('GET', `/v1/customers/${customerId}/timeline`, timeline);
    const order = (timeline.body.events as { data: { orderId?: string; amount?: string; currency?: string } }[])[0]?.data;
    if (!order?.orderId || !order.amount || !order.currency) return count(result.remedies, 'skipped (customer has no order)');
    const amount = remedyAmount(order.amount, order.currency, remedy.band);
    if (!amount) return count(result.remedies, 'skipped (order too small)');
    const path = `/v1/complaints/${encodeURIComponent(caseId)}/remedies`;
    const answer = await feedback('POST', path, keys.agent, { kind: remedy.kind, amount, currency: order.currency, orderId: order.orderId }, `demo-remedy/${caseId}`);
    if (answer.status === 422) return count(result.remedies, `refused (${answer.rule})`);
    if (answer.status !== 200) throw unexpected('POST', path, answer);
    count(result.remedies, String(answer.body.status));
  }

  await part(result, async () => {
    for (const action of planImprovementActions(codes)) {
      const body = { actionId: action.actionId, title: action.title, owner: action.owner, scope: { causes: action.causes }, startsOn: isoDay(options.now, action.startsInDays), dueDate: isoDay(options.now, action.dueInDays) };
      const answer = await feedback('POST', '/v1/improvement-actions', keys.admin, body);
      if (answer.rule === 'action_exists') count(result.actions, 'already there');
      else if (answer.status === 200) count(result.actions, 'created');
      else throw unexpected('POST', '/v1/improvement-actions', answer);
    }
  });

  await part(result, () => answerSurveys(result, options, cases, caseIds));
  await part(result, () => recordContacts(result, options, cases));
  return result;
}

async function answerSurvey(result: LoadFeedbackResult, options: LoadFeedbackOptions, invitationId: string, answers: Record<string, number | string>): Promise<void> {
  const path = `/v1/surveys/${encodeURIComponent(invitationId)}/responses`;
  const answer = await send(options.feedbackUrl, 'POST', path, options.keys.integrator, { answers });
  if (answer.status === 201) count(result.surveys, 'answered');
  else if (answer.status === 404) count(result.surveys, 'not invited (no consent, cooldown, or its timer not yet due)');
  else if (answer.rule === 'already_answered') count(result.surveys, 'answered before');
  else if (answer.status === 422) count(result.surveys, `refused (${answer.rule})`);
  else throw unexpected('POST', path, answer);
}

/**
 * A resolved case's invitation has an id derived from the case (feedback's `caseInvitationId`), made by a timer
 * SURVEY_DELAY_MINUTES (default 60) after the resolution; two in three are answered. A relationship sample
 * (admin) lists its invitations only when first drawn; those are answered then.
 */
async function answerSurveys(result: LoadFeedbackResult, options: LoadFeedbackOptions, cases: readonly DemoCase[], caseIds: ReadonlyMap<string, string>): Promise<void> {
  for (const { opening, steps } of cases) {
    const caseId = caseIds.get(opening.source.externalId);
    if (!caseId || !steps.some((step) => step.kind === 'status' && step.to === 'resolved')) continue;
    const invitationId = nameUuid(['survey-case', caseId]);
    if (Number.parseInt(invitationId.slice(0, 2), 16) % 3 === 0) continue;
    await answerSurvey(result, options, invitationId, caseSurveyAnswers(options.seed, invitationId));
  }
  const sample = await send(options.feedbackUrl, 'POST', '/v1/surveys/samples', options.keys.admin, { seed: `demo-${options.seed}`, rate: 0.01 });
  if (sample.status !== 201) throw unexpected('POST', '/v1/surveys/samples', sample);
  const invited = (sample.body.invitationIds as string[] | null) ?? [];
  for (const invitationId of invited.filter((_, index) => index % 2 === 0)) await answerSurvey(result, options, invitationId, relationshipSurveyAnswers(options.seed, invitationId));
}

/** Obligations found in the overdue list and those a demo complaint planned (`<customerId>:<n>`, n from 1 up to the first missing). */
async function recordContacts(result: LoadFeedbackResult, options: LoadFeedbackOptions, cases: readonly DemoCase[]): Promise<void> {
  const overdue = await send(options.feedbackUrl, 'GET', '/v1/contacts/overdue?limit=500', options.keys.agent);
  if (overdue.status !== 200) throw unexpected('GET', '/v1/contacts/overdue', overdue);
  const candidates = new Set((overdue.body.obligations as { obligationId: string }[]).map(({ obligationId }) => obligationId));
  const complainants = new Set(cases.filter(({ opening }) => opening.type === 'complaint').map(({ opening }) => opening.customerId));
  for (const customerId of complainants) {
    for (let n = 1; n <= 3; n++) if (!(await recordContact(result, options, `${customerId}:${n}`))) break;
  }
  for (const obligationId of candidates) await recordContact(result, options, obligationId);
}

/** False when there is no such obligation. The obligation's kind is not listed: a visit report refused for a callback is sent as a call. */
async function recordContact(result: LoadFeedbackResult, options: LoadFeedbackOptions, obligationId: string): Promise<boolean> {
  const path = `/v1/contacts/${encodeURIComponent(obligationId)}/outcomes`;
  for (const kind of ['visit', 'callback'] as const) {
    const outcome = demoContactOutcome(options.seed, obligationId, kind);
    if (!outcome) return true;
    const answer = await send(options.feedbackUrl, 'POST', path, options.keys.agent, outcome, `demo-contact/${obligationId}`);
    if (answer.status === 404) return false;
    if (answer.rule === 'outcome_not_for_kind' || answer.rule === 'channel_not_for_kind') continue;
    // An Idempotency-Key seen before answers 200 too, so a load run again counts its outcomes as recorded again.
    if (answer.status === 200) count(result.contacts, 'outcomes recorded');
    else if (answer.rule === 'obligation_fulfilled') count(result.contacts, 'fulfilled before');
    else if (answer.status === 422) count(result.contacts, `refused (${answer.rule})`);
    else throw unexpected('POST', path, answer);
    return true;
  }
  return true;
}
