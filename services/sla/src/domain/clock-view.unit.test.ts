import { calendarOf, calendarTimeline, defaultCalendarDocument } from '@ctp/calendar';
import type { CaseEvent } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import type { OpenedCase } from './case-state.js';
import { decideClock } from './clock-decider.js';
import { clocksOf, clockView, dueTimers } from './clock-view.js';
import { at, calendars, openCase, play, policy, reply, shanghai, stateOf, status } from './test-support/cases.js';

const opened = (history: readonly CaseEvent[]) => stateOf(history) as OpenedCase;
const hour = 3_600_000;

describe('the clocks of a case at an instant', () => {
  const email = openCase({ channel: 'email', openedAt: '2026-03-04T10:00:00+08:00' });
  const history = play(email, reply('2026-03-04T10:30:00+08:00'), status('waiting_on_customer', '2026-03-05T10:00:00+08:00'), status('open', '2026-03-06T10:00:00+08:00'));

  it('says per metric its state, deadline, business time counted and left, and each paused span with its reason', () => {
    const [firstResponse, resolution] = clockView(opened(history), calendars, at('2026-03-06T12:00:00+08:00'));
    expect(firstResponse).toMatchObject({ metric: 'first_response', state: 'met', deadline: '2026-03-04T12:00:00+08:00', elapsedMs: 0.5 * hour, remainingMs: 1.5 * hour });
    expect(resolution).toMatchObject({
      metric: 'resolution',
      state: 'running',
      deadline: '2026-03-10T18:00:00+08:00',
      elapsedMs: 9.5 * hour,
      remainingMs: (29 - 9.5) * hour,
      paused: [{ from: '2026-03-05T10:00:00+08:00', to: '2026-03-06T10:00:00+08:00', status: 'waiting_on_customer' }],
    });
  });

  it('explains how each deadline was computed: the working segments that counted, the versions and the policy rule', () => {
    const [, resolution] = clockView(opened(history), calendars, at('2026-03-06T12:00:00+08:00'));
    expect(resolution!.explanation).toEqual({
      slaPolicy: { policyId: 'default', policyVersion: 1, rule: 'complaint' },
      calendarId: 'default',
      calendarVersions: [1],
      countedFrom: '2026-03-04T10:00:00+08:00',
      segments: [
        { start: '2026-03-04T10:00:00+08:00', end: '2026-03-04T12:00:00+08:00', version: 1 },
        { start: '2026-03-04T13:30:00+08:00', end: '2026-03-04T18:00:00+08:00', version: 1 },
        { start: '2026-03-05T09:00:00+08:00', end: '2026-03-05T10:00:00+08:00', version: 1 },
        { start: '2026-03-06T10:00:00+08:00', end: '2026-03-06T12:00:00+08:00', version: 1 },
      ],
      reschedules: [],
      computation:
        '3 working days in business time on calendar default: close of business of the last working day, 29 h of business time from ' +
        '2026-03-04T10:00:00+08:00; 9.5 h counted, 1 paused span(s) not counted; due 2026-03-10T18:00:00+08:00',
    });
  });

  it('shows a case resolved while waiting on the customer, then reopened, as two spans not counted', () => {
    const reopened = play(
      email,
      reply('2026-03-04T10:30:00+08:00'),
      status('waiting_on_customer', '2026-03-05T10:00:00+08:00'),
      status('resolved', '2026-03-05T11:00:00+08:00'),
      status('reopened', '2026-03-06T10:00:00+08:00'),
    );
    const resolution = clockView(opened(reopened), calendars, at('2026-03-06T12:00:00+08:00'))[1]!;
    expect(resolution).toMatchObject({
      state: 'running',
      elapsedMs: 9.5 * hour,
      paused: [
        { from: '2026-03-05T10:00:00+08:00', to: '2026-03-05T11:00:00+08:00', status: 'waiting_on_customer' },
        { from: '2026-03-05T11:00:00+08:00', to: '2026-03-06T10:00:00+08:00', status: 'resolved' },
      ],
    });
  });

  it('is the same after a rebuild from the stored events', () => {
    const stored = JSON.parse(JSON.stringify(history)) as CaseEvent[];
    const now = at('2026-03-06T12:00:00+08:00');
    expect(clocksOf(stored, calendars, now)).toEqual(clockView(opened(history), calendars, now));
  });

  it('counts an edited calendar from its change on, and lists both versions', () => {
    const edited = calendarOf({ ...defaultCalendarDocument, version: 2, overrides: [{ date: '2026-03-06', periods: [], reason: 'office move' }] });
    const after = { default: calendarTimeline([{ effectiveFrom: -Infinity, calendar: shanghai }, { effectiveFrom: at('2026-03-05T08:00:00+08:00'), calendar: edited }]) };
    const running = play(openCase(), reply('2026-03-04T14:05:00+08:00'));
    const moved = [...running, ...decideClock({ kind: 'recalendar', calendarId: 'default', at: at('2026-03-05T08:00:00+08:00'), previous: calendars, calendars: after }, stateOf(running))];
    const resolution = clockView(opened(moved), after, at('2026-03-09T10:00:00+08:00'))[1]!;
    expect(resolution).toMatchObject({ deadline: '2026-03-10T18:00:00+08:00', elapsedMs: (4 + 7.5 + 1) * hour });
    expect(resolution.explanation.calendarVersions).toEqual([1, 2]);
    expect(resolution.explanation.reschedules).toEqual([
      { at: '2026-03-05T08:00:00+08:00', cause: 'calendar_changed', previousDeadline: '2026-03-09T18:00:00+08:00', deadline: '2026-03-10T18:00:00+08:00', duration: '3 working days' },
    ]);
  });
});

describe('the timers a case needs', () => {
  it('sets a warning, a breach and each escalation level for every running clock', () => {
    const timers = dueTimers(opened(play(openCase())), policy, calendars).filter(({ timer }) => timer.metric === 'first_response');
    expect(timers.map(({ timer, at: due }) => [timer.kind, timer.level ?? null, new Date(due).toISOString()])).toEqual([
      ['warning', null, '2026-03-04T06:11:15.000Z'],
      ['breach', null, '2026-03-04T06:15:00.000Z'],
      ['escalation', 1, '2026-03-04T06:15:00.000Z'],
      ['escalation', 2, '2026-03-04T10:15:00.000Z'],
    ]);
  });

  it('sets none for a paused or stopped clock', () => {
    const waiting = play(openCase(), reply('2026-03-04T14:05:00+08:00'), status('waiting_on_customer', '2026-03-04T15:00:00+08:00'));
    expect(dueTimers(opened(waiting), policy, calendars)).toEqual([]);
  });
});
