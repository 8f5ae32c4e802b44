import { deadline, durationOf, publishedTimeline } from '@ctp/calendar';
import { decoderFor, streamIdFor, type EventData, type RecordedEvent } from '@ctp/contracts';
import type { FollowUpPlan } from '../domain/surveys/decide-survey.js';
import type { SurveyDeps } from './survey-deps.js';

const calendarEvent = decoderFor('calendar');
type Rule = EventData<'SlaPolicyVersionPublished'>['rules'][number];

async function ruleOf(deps: Pick<SurveyDeps, 'history'>, opened: EventData<'CaseOpened'>): Promise<Rule | null> {
  const { policyId, policyVersion, rule } = opened.slaPolicy;
  const published = await deps.history.readStream(streamIdFor('slaPolicy', policyId));
  const policy = published.map((event) => event.data as EventData<'SlaPolicyVersionPublished'>).find(({ version }) => version === policyVersion);
  return policy?.rules.find(({ id }) => id === rule) ?? null;
}

/** The rule's first-response target counted from `now` on its calendar (business time on working periods), or null. */
async function firstResponseDeadline(deps: Pick<SurveyDeps, 'history'>, rule: Rule | null, now: Date): Promise<string | null> {
  const target = rule?.targets.first_response;
  if (!target) return null;
  const versions = (await deps.history.readStream(streamIdFor('calendar', target.calendarId))).map(calendarEvent);
  if (versions.length === 0) return null;
  const timeline = publishedTimeline(versions.map(({ data }) => data));
  return new Date(deadline(timeline, now.getTime(), durationOf(target.duration, target.basis)).at).toISOString();
}

/**
 * Who follows a poor answer up, and by when: the case's assignee (its last CaseReassigned), else the
 * first team on its rule's escalation ladder, else the configured team; due by the first-response target
 * of the case's SLA rule (read from the slaPolicy stream) from the answer, else the configured default.
 */
export async function followUpPlan(deps: Pick<SurveyDeps, 'history' | 'surveys'>, caseId: string | null, now: Date): Promise<FollowUpPlan> {
  const caseEvents: readonly RecordedEvent[] = caseId === null ? [] : await deps.history.readStream(streamIdFor('case', caseId));
  const opened = caseEvents.find(({ type }) => type === 'CaseOpened')?.data as EventData<'CaseOpened'> | undefined;
  const rule = opened ? await ruleOf(deps, opened) : null;
  const assignee = (caseEvents.findLast(({ type }) => type === 'CaseReassigned')?.data as EventData<'CaseReassigned'> | undefined)?.to;
  const ruleTeam = rule?.escalation.find(({ to }) => to.kind === 'team')?.to;
  const owner = assignee
    ? { owner: assignee, ownerSource: 'case_assignee' as const }
    : ruleTeam
      ? { owner: { kind: 'team' as const, id: ruleTeam.id }, ownerSource: 'rule_team' as const }
      : { owner: { kind: 'team' as const, id: deps.surveys.followUpDefaultTeam }, ownerSource: 'default_team' as const };
  const due = await firstResponseDeadline(deps, rule, now);
  return { ...owner, ...(due ? { dueAt: due, deadlineSource: 'sla_policy' as const } : { dueAt: new Date(now.getTime() + deps.surveys.followUpDefaultMs).toISOString(), deadlineSource: 'default' as const }) };
}
