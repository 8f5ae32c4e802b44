import { eventRegistry, viewPersonalFields } from '@ctp/contracts';
import type { CalendarTimelines } from '../domain/clock.js';
import { clockView, type MetricView } from '../domain/clock-view.js';
import type { CaseHistory, CaseRecordedEvent } from './case-history.js';

/** A metric as `GET /v1/cases/{id}/sla` shows it: the view without its explanation. */
export function slaLine({ explanation: _explanation, paused, ...metric }: MetricView) {
  return { ...metric, paused: metric.state === 'paused', pausedSpans: paused };
}

/** Why the case went where it went: the CaseRouted decision (rule, target, lane, manager, absence), null for a case opened before routing. */
function routingOf(events: readonly CaseRecordedEvent[]) {
  const routed = events.find((event) => event.type === 'CaseRouted');
  return routed ? { ...routed.data, eventId: routed.id, position: routed.globalPosition } : null;
}

/** The case from its stream: what it is, where it stands, who has it, and a line per clock. */
export function caseSummary(history: CaseHistory, calendars: CalendarTimelines, now: number, clear: boolean) {
  const { state } = history;
  const opened = history.events.find((event) => event.type === 'CaseOpened')!;
  const view = viewPersonalFields(opened.data, eventRegistry.personalFieldPaths(opened.type, opened.schemaVersion), clear);
  const clocks = clockView(state, calendars, now).map(({ metric, cycle, state: clockState, deadline, elapsedMs, remainingMs }) => ({ metric, cycle, state: clockState, deadline, elapsedMs, remainingMs }));
  return {
    summary: {
      caseId: state.caseId,
      customerId: state.customerId,
      erased: history.erased,
      subject: view.data.subject,
      channel: state.channel,
      type: state.type,
      priority: state.priority,
      status: state.status,
      statusSince: state.statusSince,
      tier: state.tier,
      tierAtStart: opened.data.tierAtStart,
      assignee: state.assignee,
      routing: routingOf(history.events),
      escalationLevel: state.escalationLevel,
      openedAt: opened.data.openedAt,
      openedBy: opened.data.openedBy,
      source: opened.data.source,
      mergedInto: state.mergedInto,
      slaPolicy: state.slaPolicy,
      clocks,
      revision: history.events.length - 1,
      position: history.events.at(-1)!.globalPosition,
    },
    revealed: view.revealed.map((path) => `CaseOpened.${path}`),
  };
}

/** Every event of the case in order, personal fields in clear, masked or erased. */
export function timelineOf(events: readonly CaseRecordedEvent[], clear: boolean) {
  const revealed: string[] = [];
  const entries = events.map((event) => {
    const view = viewPersonalFields(event.data, eventRegistry.personalFieldPaths(event.type, event.schemaVersion), clear);
    revealed.push(...view.revealed.map((path) => `${event.type}.${path}`));
    return { id: event.id, type: event.type, revision: event.revision, position: event.globalPosition, occurredAt: event.occurredAt, recordedAt: event.recordedAt, actor: event.actor, causationId: event.causationId, data: view.data };
  });
  return { entries, revealed };
}
