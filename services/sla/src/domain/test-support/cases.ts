import { calendarTimeline, defaultCalendarDocument, calendarOf, type CalendarTimeline } from '@ctp/calendar';
import { eventRegistry, type CaseEvent } from '@ctp/contracts';
import { deciderSpecification } from '@ctp/test-kit';
import { expect } from 'vitest';
import { evolve, initialCaseState, type CaseState } from '../case-state.js';
import type { CalendarTimelines } from '../clock.js';
import { decideClock, type ClockCommand, type ClockTimer } from '../clock-decider.js';
import type { CaseCommand, OpenCase } from '../commands.js';
import { decide } from '../decide.js';
import { decideCase } from '../decide-case.js';
import { defaultSlaPolicy } from '../default-sla-policy.js';
import { SlaError, type SlaErrorCode } from '../errors.js';
import type { SlaPolicy } from '../sla-policy.js';

export const shanghai = calendarOf(defaultCalendarDocument);
export const calendars: CalendarTimelines = { default: calendarTimeline([{ effectiveFrom: -Infinity, calendar: shanghai }]) };
export const policy: SlaPolicy = defaultSlaPolicy([
  { tier: 'key_account', service: { dedicatedManager: true, priorityResponseHours: 24 } },
  { tier: 'gold', service: { dedicatedManager: false, priorityResponseHours: 48 } },
]);

export const caseId = 'K-1';
export const at = (text: string) => Date.parse(text);

export function openCase(changes: Partial<OpenCase> = {}): OpenCase {
  return {
    kind: 'open_case',
    caseId,
    customerId: 'C-1001',
    customerKnown: true,
    channel: 'phone',
    type: 'complaint',
    priority: 'normal',
    subject: 'Invoice charged twice',
    openedAt: '2026-03-04T14:00:00+08:00',
    openedBy: 'key-agent-7',
    source: { system: 'callcentre', externalId: 'CC-1' },
    tierAtStart: { tier: 'standard', tierPolicyId: 'default', tierPolicyVersion: 1 },
    policy,
    calendars,
    ...changes,
  };
}

const by = 'agent-7';
export const reply = (when: string): CaseCommand => ({ kind: 'reply', at: when, by, body: 'We are on it.' });
export const status = (to: Extract<CaseCommand, { kind: 'change_status' }>['to'], when: string): CaseCommand => ({ kind: 'change_status', to, at: when, by, reason: 'agent' });
export const priority = (to: Extract<CaseCommand, { kind: 'change_priority' }>['to'], when: string): CaseCommand => ({ kind: 'change_priority', to, at: when, by, reason: 'escalated by phone' });
export const tier = (to: string, when: string): CaseCommand => ({ kind: 'change_tier', to, tierPolicyId: 'default', tierPolicyVersion: 2, at: when });
export const customerWrote = (when: string): CaseCommand => ({ kind: 'customer_wrote', at: when, body: 'Any news?' });

export type Step = CaseCommand | { readonly kind: 'fire'; readonly timer: ClockTimer; readonly now: string };

/** Plays commands as the service will: each case event, then the clock events it leads to. */
export function play(...steps: readonly Step[]): CaseEvent[] {
  let state: CaseState = initialCaseState();
  const history: CaseEvent[] = [];
  const append = (events: readonly CaseEvent[]) => {
    for (const event of events) {
      state = evolve(state, event);
      history.push(event);
    }
  };
  for (const step of steps) {
    if (step.kind === 'fire') {
      append(decideClock({ kind: 'fire', timer: step.timer, now: at(step.now), policy, calendars }, state));
      continue;
    }
    append(decideCase(step, state, { policy, calendars }));
  }
  return history;
}

export interface Played {
  readonly history: readonly CaseEvent[];
  /** The case event of the last step, at the end of the history, its clock events not yet decided. */
  readonly event: CaseEvent;
}

/** Plays every step but the last fully; of the last, only the case event. */
export function playLast(...steps: readonly [...Step[], CaseCommand]): Played {
  const before = play(...steps.slice(0, -1));
  const events = decide(steps.at(-1) as CaseCommand, stateOf(before));
  return { history: [...before, ...events], event: events.at(-1)! };
}

export const stateOf = (history: readonly CaseEvent[]) => history.reduce(evolve, initialCaseState());

export const react = (event: CaseEvent, timelines: CalendarTimelines = calendars): Extract<ClockCommand, { kind: 'react' }> => ({ kind: 'react', event, policy, calendars: timelines });
export const fire = (timer: ClockTimer, now: string, timelines: CalendarTimelines = calendars): ClockCommand => ({ kind: 'fire', timer, now: at(now), policy, calendars: timelines });

/** Every event the deciders produce must be one the contract accepts. */
export function expectValidEvents(events: readonly CaseEvent[]): void {
  for (const { type, data } of events) eventRegistry.parseData(type, eventRegistry.latest(type).version, data);
}

const thenThrowsCode = (code: SlaErrorCode) => (error: unknown) => {
  expect(error).toBeInstanceOf(SlaError);
  expect((error as SlaError).code).toBe(code);
};

const caseSpec = deciderSpecification<CaseCommand, CaseState, CaseEvent>({ decide, evolve, initialState: initialCaseState, validate: expectValidEvents });
const clockSpec = deciderSpecification<ClockCommand, CaseState, CaseEvent>({ decide: decideClock, evolve, initialState: initialCaseState, validate: expectValidEvents });

export function givenCase(...history: CaseEvent[]) {
  const given = caseSpec.given(...history);
  return {
    when: (command: CaseCommand) => {
      const when = given.when(command);
      return { then: when.then, thenNothing: when.thenNothing, thenThrows: (code: SlaErrorCode) => when.thenThrows(thenThrowsCode(code)) };
    },
  };
}

export const givenClock = (...history: CaseEvent[]) => clockSpec.given(...history);

export type { CalendarTimeline };
