import { contactChannels, contactOutcomes, eventRegistry, improvementStatuses, parseExchangeRates, remedyKinds, type DomainEvent } from '@ctp/contracts';
import fc from 'fast-check';
import { evolveComplaint, initialComplaintState, type ComplaintState } from '../domain/complaints/complaint-state.js';
import { decideComplaint, type ComplaintCommand } from '../domain/complaints/decide-complaint.js';
import { Refusal } from '../domain/complaints/refusal.js';
import { defaultRootCauses } from '../domain/complaints/root-causes.js';
import type { ContactCommand, TierInForce } from '../domain/contacts/contact-commands.js';
import type { ImprovementCommand } from '../domain/improvements/improvement-action.js';
import { decideRemedy, type RemedyCommand } from '../domain/remedies/decide-remedy.js';
import type { SurveyCommand } from '../domain/surveys/decide-survey.js';
import { caseSurveyTemplate, relationshipSurveyTemplate } from '../domain/surveys/default-templates.js';

export const customerId = 'C-1001';
const start = Date.parse('2026-01-01T00:00:00.000Z');
const HOUR = 3_600_000;

/**
 * Commands at non-decreasing instants from 2026-01-01: each arbitrary gets the instant (ISO, UTC) of its
 * step. Most histories begin with `first` (what creates the stream), so that later steps reach deep states.
 */
function timed<C>(make: (at: string) => fc.Arbitrary<C>, maxGapHours: number, maxLength: number, first: (at: string) => fc.Arbitrary<C>): fc.Arbitrary<C[]> {
  const begin = new Date(start).toISOString();
  return fc.tuple(fc.option(first(begin), { freq: 6 }), fc.array(fc.integer({ min: 0, max: maxGapHours }), { minLength: 1, maxLength })).chain(([opening, gaps]) => {
    let at = start;
    return fc.tuple(...gaps.map((gap) => make(new Date((at += gap * HOUR)).toISOString()))).map((rest) => (opening === null ? rest : [opening, ...rest]));
  });
}

/** The outcome of one decision: the events, or the domain's own refusal (anything else is rethrown). */
export type Outcome<E, R> = { readonly events: E[] } | { readonly refused: R };

/** Plays commands from the initial state; every reached state, the command decided on it, and what came of it. */
export function runDecider<C, S, E, R extends Error>(decider: { decide: (command: C, state: S) => E[]; evolve: (state: S, event: E) => S; initial: () => S; refusal: new (...args: never[]) => R }) {
  const outcomeOf = (command: C, state: S): Outcome<E, R> => {
    try {
      return { events: decider.decide(command, state) };
    } catch (error) {
      if (error instanceof decider.refusal) return { refused: error };
      throw error;
    }
  };
  const run = (commands: readonly C[]) => {
    let state = decider.initial();
    return commands.map((command) => {
      const before = state;
      const outcome = outcomeOf(command, before);
      if ('events' in outcome) state = outcome.events.reduce(decider.evolve, before);
      return { before, command, outcome, after: state };
    });
  };
  return { outcomeOf, run };
}

export function expectContractValid(events: readonly DomainEvent[]): void {
  for (const { type, data } of events) eventRegistry.parseData(type, eventRegistry.latest(type).version, data);
}

// Surveys: one invitation stream.
const plan = (at: string) => ({ owner: { kind: 'agent' as const, id: 'agent-7' }, ownerSource: 'case_assignee' as const, dueAt: new Date(Date.parse(at) + 2 * HOUR).toISOString(), deadlineSource: 'sla_policy' as const });
const caseAnswers = fc.record({ csat: fc.integer({ min: 0, max: 6 }), ces: fc.integer({ min: 1, max: 7 }), speed: fc.integer({ min: 0, max: 100 }), comment: fc.constantFrom('fine', 'slow', ' ') }, { requiredKeys: [] });
const npsAnswers = fc.record({ nps: fc.integer({ min: 0, max: 10 }), why: fc.constantFrom('price', 'service', '') }, { requiredKeys: [] });

const invite = (now: string) =>
  fc.record({
        kind: fc.constant('invite' as const),
        invitation: fc.constantFrom(
          { invitationId: 'S-1', customerId, kind: 'transactional' as const, caseId: 'K-1', sampleId: null, template: { templateId: caseSurveyTemplate.id, version: 1 }, tier: 'gold', channel: 'phone' as const },
          { invitationId: 'S-1', customerId, kind: 'relationship' as const, caseId: null, sampleId: 'SMP-1', template: { templateId: relationshipSurveyTemplate.id, version: 1 }, tier: null, channel: null },
        ),
        now: fc.constant(now),
        consented: fc.boolean(),
        lastInvitedAt: fc.option(fc.constantFrom('2025-12-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z')),
        cooldownDays: fc.constant(90),
        expiryDays: fc.integer({ min: 1, max: 28 }),
      });

export const surveyCommands = timed<SurveyCommand>(
  (now) =>
    fc.oneof(
      invite(now),
      fc.oneof(
        caseAnswers.map((answers) => ({ kind: 'respond' as const, now, template: caseSurveyTemplate, answers, followUp: plan(now) })),
        npsAnswers.map((answers) => ({ kind: 'respond' as const, now, template: relationshipSurveyTemplate, answers, followUp: plan(now) })),
      ),
      fc.constant({ kind: 'completeFollowUp' as const, now, by: 'agent-7' }),
      fc.constant({ kind: 'markFollowUpOverdue' as const, now }),
      fc.constant({ kind: 'expire' as const, now }),
    ),
  24 * 3,
  12,
  invite,
);

// Complaints and their remedies share one complaint stream.
export type ComplaintStep = { readonly decider: 'complaint'; readonly command: ComplaintCommand } | { readonly decider: 'remedy'; readonly command: RemedyCommand };
const decideComplaintStep = (step: ComplaintStep, state: ComplaintState) => (step.decider === 'complaint' ? decideComplaint(step.command, state) : decideRemedy(step.command, state));
/** One complaint stream, decided by the complaint and the remedy deciders in turn. */
export const complaintCase = runDecider({ decide: decideComplaintStep, evolve: evolveComplaint, initial: initialComplaintState, refusal: Refusal });
const causeCodes = defaultRootCauses.map(({ code }) => code);
const taxonomy = { taxonomyId: 'default', version: 1, causes: [...defaultRootCauses] };
const rates = parseExchangeRates('CNY', 'USD=7.1');
const remedyId = fc.constantFrom('R-1', 'R-2');
const amount = fc.integer({ min: 1, max: 200_000 }).map((cents) => (cents / 100).toFixed(2));

const recordComplaint = (): fc.Arbitrary<ComplaintStep> => fc.constant({ decider: 'complaint' as const, command: { kind: 'record' as const, caseId: 'K-2001', customerId, channel: 'phone' as const, tier: 'standard', openedAt: '2026-01-01T00:00:00.000Z' } });

export const complaintSteps = timed<ComplaintStep>(
  (at) =>
    fc.oneof(
      recordComplaint(),
      fc.record({ kind: fc.constant('assign_team' as const), caseId: fc.constant('K-2001'), team: fc.constantFrom('returns', 'billing'), at: fc.constant(at) }).map((command) => ({ decider: 'complaint' as const, command })),
      fc
        .record({
          kind: fc.constant('set_causes' as const),
          causes: fc.array(fc.constantFrom(...causeCodes, 'not_a_cause'), { minLength: 1, maxLength: 3 }),
          stage: fc.constantFrom('handling' as const, 'resolution' as const),
          taxonomy: fc.constant(taxonomy),
          earlier: fc.array(fc.record({ caseId: fc.constantFrom('K-1990', 'K-1995', 'K-2001'), openedAt: fc.constantFrom('2025-10-01T00:00:00.000Z', '2025-12-20T00:00:00.000Z', '2026-02-01T00:00:00.000Z'), causes: fc.array(fc.constantFrom(...causeCodes), { maxLength: 3 }) }), { maxLength: 3 }),
          windowDays: fc.constantFrom(30, 90),
          at: fc.constant(at),
          by: fc.constant('agent-7'),
        })
        .map((command) => ({ decider: 'complaint' as const, command })),
      fc
        .record({
          kind: fc.constant('request' as const),
          remedyId,
          remedy: fc.constantFrom(...remedyKinds),
          amount,
          currency: fc.constantFrom('CNY', 'USD', 'EUR'),
          order: fc.option(fc.record({ orderId: fc.constant('O-77'), amount, currency: fc.constantFrom('CNY', 'USD') })),
          orderId: fc.constant('O-77'),
          bandPercent: fc.integer({ min: 0, max: 100 }),
          rates: fc.constant(rates),
          at: fc.constant(at),
          by: fc.constant('agent-7'),
        })
        .map((command) => ({ decider: 'remedy' as const, command })),
      fc.record({ kind: fc.constant('approve' as const), remedyId, at: fc.constant(at), by: fc.constant('lead-1') }).map((command) => ({ decider: 'remedy' as const, command })),
      fc.record({ kind: fc.constant('reject' as const), remedyId, reason: fc.constant('too much'), at: fc.constant(at), by: fc.constant('lead-1') }).map((command) => ({ decider: 'remedy' as const, command })),
    ),
  24 * 30,
  20,
  recordComplaint,
);

// Contact plans.
const tiers: readonly TierInForce[] = [
  { tier: 'key', tierPolicy: { policyId: 'standard', policyVersion: 1 }, entitlements: { callbacksPerYear: 4, onSiteVisitsPerYear: 2, dedicatedManager: true } },
  { tier: 'key', tierPolicy: { policyId: 'standard', policyVersion: 2 }, entitlements: { callbacksPerYear: 6, onSiteVisitsPerYear: 2, dedicatedManager: true } },
  { tier: 'standard', tierPolicy: { policyId: 'standard', policyVersion: 1 }, entitlements: { callbacksPerYear: 1, onSiteVisitsPerYear: 0, dedicatedManager: false } },
];
const timeZone = 'Asia/Shanghai';
const obligationId = fc.integer({ min: 1, max: 5 }).map((n) => `${customerId}:${n}`);

export const contactCommands = timed<ContactCommand>(
  (at) =>
    fc.oneof(
      fc.option(fc.constantFrom(...tiers), { freq: 4 }).map((tier) => ({ kind: 'follow_tier' as const, customerId, tier, at, timeZone })),
      fc.constant({ kind: 'follow_policy' as const, tierPolicy: { policyId: 'standard', policyVersion: 2 }, entitlements: { key: tiers[1]!.entitlements }, at, timeZone }),
      fc.constantFrom(...tiers).map((tier) => ({ kind: 'renew' as const, yearEnd: at, tier, timeZone })),
      fc.record({ kind: fc.constant('dissatisfied' as const), customerId: fc.constant(customerId), trigger: fc.constantFrom('complaint' as const, 'poor_survey_answer' as const), caseId: fc.option(fc.constant('K-1')), at: fc.constant(at), timeZone: fc.constant(timeZone) }),
      fc.record({ kind: fc.constant('assign_owner' as const), customerId: fc.constant(customerId), team: fc.option(fc.constant('team-a')), accountManager: fc.option(fc.constant('am-1')), at: fc.constant(at), by: fc.constant('admin-1') }),
      fc.record({ kind: fc.constant('record_outcome' as const), obligationId, outcome: fc.constantFrom(...contactOutcomes), channel: fc.constantFrom(...contactChannels), note: fc.option(fc.constant('met the buyer')), at: fc.constant(at), by: fc.constant('agent-7') }),
      { arbitrary: fc.record({ kind: fc.constant('fire' as const), step: fc.constantFrom('due' as const, 'overdue' as const, 'team_lead' as const), obligationId, now: fc.constant(at) }), weight: 4 },
      { arbitrary: fc.constant({ kind: 'end' as const, at }), weight: 1 },
    ),
  24 * 40,
  30,
  (at) => fc.constantFrom(...tiers).map((tier) => ({ kind: 'follow_tier' as const, customerId, tier, at, timeZone })),
);

// Improvement actions.
const createAction = (at: string): fc.Arbitrary<ImprovementCommand> =>
  fc.constant({
        kind: 'create' as const,
        action: { actionId: 'A-1', title: 'One-form returns', owner: 'lead-returns', scope: { causes: ['process'], channels: [], tiers: [], teams: [] as string[] }, startsOn: '2026-01-10', dueDate: '2026-02-28', createdAt: at, by: 'admin-1' },
  });

export const improvementCommands = timed<ImprovementCommand>(
  (at) =>
    fc.oneof(
      createAction(at),
      fc.record({ kind: fc.constant('change_status' as const), to: fc.constantFrom(...improvementStatuses), note: fc.option(fc.constant('started'), { nil: undefined }), at: fc.constant(at), by: fc.constant('lead-returns') }),
      fc.constant({ kind: 'overdue' as const, at }),
    ),
  24 * 5,
  12,
  createAction,
);
