import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { calendarOf, calendarTimeline, type CalendarDocument } from '@ctp/calendar';
import { streamIdFor } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import { problems, ProblemError } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { loadCalendarTimelines } from '../calendars/calendar-stream.js';
import { loadCaseRules } from '../case-rules.js';
import { caseDecider } from '../cases/case-stream.js';
import type { CalendarTimelines } from '../domain/clock.js';
import type { CaseRules } from '../domain/decide-case.js';
import type { SlaPolicy } from '../domain/sla-policy.js';
import { compareCase, summarize, type CaseComparison, type WhatIfCase, type WhatIfResult } from '../domain/what-if.js';
import { loadSlaPolicyVersions } from '../policies/sla-policy-stream.js';
import { caseProjection } from '../queue/case-projection.js';
import type { SlaDeps } from '../sla-deps.js';

export interface WhatIfRequest {
  readonly rules?: SlaPolicy['rules'];
  readonly calendar?: CalendarDocument;
  readonly from: number;
  readonly to: number;
}

export interface WhatIfLimits {
  /** Cases one request may replay; more in the window is a 400 asking for a narrower one. */
  readonly maxCases: number;
}

export const defaultWhatIfLimits: WhatIfLimits = { maxCases: 2000 };

/** About 50 ms of replay at a time: other requests are served in between. */
const REPLAYS_BETWEEN_YIELDS = 50;

/** The ids of the cases opened in [from, to), oldest first, from the `cases` read model. */
async function casesOpenedIn(db: Db, from: number, to: number, limits: WhatIfLimits): Promise<string[]> {
  const cases = await activeCollection<{ _id: string; openedAt: Date }>(db, caseProjection.name, 'cases');
  const found = await cases
    .find({ openedAt: { $gte: new Date(from), $lt: new Date(to) } }, { projection: { _id: 1 } })
    .sort({ openedAt: 1, _id: 1 })
    .limit(limits.maxCases + 1)
    .toArray();
  if (found.length > limits.maxCases) {
    const message = `more than ${limits.maxCases} cases opened between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}: narrow from and to`;
    throw new ProblemError(problems.CTP_VALIDATION_FAILED, message, [{ path: 'body.from', message }, { path: 'body.to', message }]);
  }
  return found.map(({ _id }) => _id);
}

/** Each case's stored events (as stored: nothing personal is decrypted) with the rules of the policy version it recorded. */
async function loadCases(deps: Pick<SlaDeps, 'store' | 'history'>, caseIds: readonly string[]): Promise<WhatIfCase[]> {
  const streams = await deps.history.readStreams(caseIds.map((caseId) => streamIdFor('case', caseId)));
  const rulesByVersion = new Map<string, Promise<CaseRules | null>>();
  const cases = caseIds.map(async (caseId): Promise<WhatIfCase | null> => {
    const events = (streams.get(streamIdFor('case', caseId)) ?? []).map(caseDecider.decode);
    const opened = events[0]?.type === 'CaseOpened' ? events[0].data.slaPolicy : null;
    if (!opened) return null;
    const key = `${opened.policyId}:${opened.policyVersion}`;
    if (!rulesByVersion.has(key)) rulesByVersion.set(key, loadCaseRules(deps, opened.policyId, opened.policyVersion));
    const rules = await rulesByVersion.get(key)!;
    return rules && { caseId, events, rules };
  });
  return (await Promise.all(cases)).filter((found) => found !== null);
}

/** The proposed policy as the next version of the service's, and the timelines every rule of it names. */
async function proposal(deps: Pick<SlaDeps, 'store' | 'policyId'>, request: WhatIfRequest): Promise<(rules: CaseRules) => CaseRules> {
  const proposedCalendar: CalendarTimelines = request.calendar ? { [request.calendar.id]: calendarTimeline([{ effectiveFrom: -Infinity, calendar: calendarOf(request.calendar) }]) } : {};
  if (!request.rules) return (rules) => ({ ...rules, calendars: { ...rules.calendars, ...proposedCalendar } });
  const latest = (await loadSlaPolicyVersions(deps.store, deps.policyId)).at(-1)?.policy.version ?? 0;
  const policy: SlaPolicy = { id: deps.policyId, version: latest + 1, rules: request.rules };
  const named = request.rules.flatMap((rule, index) => Object.entries(rule.targets).map(([metric, { calendarId }]) => ({ path: `body.policy.rules[${index}].targets.${metric}.calendarId`, calendarId })));
  const calendars = { ...(await loadCalendarTimelines(deps.store, named.map(({ calendarId }) => calendarId))), ...proposedCalendar };
  const unknown = named.filter(({ calendarId }) => !calendars[calendarId]);
  if (unknown.length > 0) {
    const errors = unknown.map(({ path, calendarId }) => ({ path, message: `calendar ${calendarId} was never published nor proposed`, rule: 'sla_calendar_unknown' }));
    throw new ProblemError(problems.CTP_UNPROCESSABLE, `${errors.length} target(s) name an unknown calendar`, errors);
  }
  return (rules) => ({ policy, calendars: { ...rules.calendars, ...calendars } });
}

/**
 * The cases opened in the window replayed up to now on the rules they counted on and on the proposal
 * (a policy, a calendar, or both, substituted), each breach timer firing at its deadline; nothing is written.
 */
export async function runWhatIf(deps: Pick<SlaDeps, 'store' | 'history' | 'policyId' | 'clock'>, db: Db, request: WhatIfRequest, limits: WhatIfLimits): Promise<WhatIfResult> {
  const propose = await proposal(deps, request);
  const cases = await loadCases(deps, await casesOpenedIn(db, request.from, request.to, limits));
  const until = deps.clock().getTime();
  const comparisons: CaseComparison[] = [];
  for (const [index, whatIfCase] of cases.entries()) {
    if (index % REPLAYS_BETWEEN_YIELDS === 0) await yieldToRequests();
    comparisons.push(compareCase(whatIfCase, propose, until));
  }
  return summarize(comparisons);
}
