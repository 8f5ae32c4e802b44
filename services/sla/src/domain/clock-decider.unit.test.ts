import { calendarOf, calendarTimeline, defaultCalendarDocument } from '@ctp/calendar';
import { describe, it } from 'vitest';
import { defaultSlaPolicy } from './default-sla-policy.js';
import { at, calendars, caseId, customerWrote, fire, givenClock, openCase, play, playLast, policy, type Played, priority, react, reply, shanghai, status, tier } from './test-support/cases.js';

const reacting = ({ history, event }: Played, slaPolicy = policy) => givenClock(...history).when({ ...react(event), policy: slaPolicy });
const firstResponse = { metric: 'first_response', cycle: 1 } as const;
const resolution = { metric: 'resolution', cycle: 1 } as const;

describe('a complaint by phone on a working afternoon (Wednesday 4 March 2026, 14:00)', () => {
  const opened = play(openCase()).slice(0, 1);

  it('starts first response (15 business minutes) and resolution (close of business of the 3rd working day)', () => {
    givenClock(...opened)
      .when(react(opened[0]!))
      .then(
        { type: 'SlaClockStarted', data: { caseId, ...firstResponse, at: '2026-03-04T14:00:00+08:00', targetMs: 900_000, deadline: '2026-03-04T14:15:00+08:00', calendars: [{ calendarId: 'default', version: 1 }] } },
        { type: 'SlaClockStarted', data: { ...resolution, countedFrom: '2026-03-04T14:00:00+08:00', deadline: '2026-03-09T18:00:00+08:00' } },
      );
  });

  const started = play(openCase());

  it('warns once at 75 % elapsed, and not again', () => {
    givenClock(...started).when(fire({ ...firstResponse, kind: 'warning' }, '2026-03-04T14:11:00+08:00')).thenNothing();
    const warned = givenClock(...started)
      .when(fire({ ...firstResponse, kind: 'warning' }, '2026-03-04T14:11:15+08:00'))
      .then({ type: 'SlaWarningRaised', data: { ...firstResponse, deadline: '2026-03-04T14:15:00+08:00', elapsedMs: 675_000, targetMs: 900_000 } });
    givenClock(...started, ...warned).when(fire({ ...firstResponse, kind: 'warning' }, '2026-03-04T14:12:00+08:00')).thenNothing();
  });

  it('is met by a reply before the deadline', () => {
    const replied = playLast(openCase(), reply('2026-03-04T14:10:00+08:00'));
    reacting(replied).then({ type: 'SlaMet', data: { ...firstResponse, deadline: '2026-03-04T14:15:00+08:00', elapsedMs: 600_000 } });
  });

  it('breaches once at the deadline, escalates to the first level, and a late reply stops the clock', () => {
    givenClock(...started).when(fire({ ...firstResponse, kind: 'breach' }, '2026-03-04T14:14:59+08:00')).thenNothing();
    const breached = play(openCase(), { kind: 'fire', timer: { ...firstResponse, kind: 'breach' }, now: '2026-03-04T14:15:00+08:00' });
    givenClock(...started).when(fire({ ...firstResponse, kind: 'breach' }, '2026-03-04T14:15:00+08:00')).then({ type: 'SlaBreached', data: { ...firstResponse, deadline: '2026-03-04T14:15:00+08:00' } });
    givenClock(...breached).when(fire({ ...firstResponse, kind: 'breach' }, '2026-03-04T14:16:00+08:00')).thenNothing();
    givenClock(...breached)
      .when(fire({ ...firstResponse, kind: 'escalation', level: 1 }, '2026-03-04T14:15:00+08:00'))
      .then({ type: 'CaseEscalated', data: { level: 1, to: { kind: 'role', id: 'team_lead' }, trigger: 'sla_breach', metric: 'first_response' } });
    givenClock(...breached).when(fire({ ...firstResponse, kind: 'escalation', level: 2 }, '2026-03-04T18:14:59+08:00')).thenNothing();
    const late = playLast(openCase(), { kind: 'fire', timer: { ...firstResponse, kind: 'breach' }, now: '2026-03-04T14:15:00+08:00' }, reply('2026-03-04T14:20:00+08:00'));
    reacting(late).then({ type: 'SlaClockStopped', data: { ...firstResponse, reason: 'replied', elapsedMs: 1_200_000 } });
  });

  it('escalates at the deadline even when the escalation timer fires before the breach timer, recording the breach with it once', () => {
    givenClock(...started)
      .when(fire({ ...firstResponse, kind: 'escalation', level: 1 }, '2026-03-04T14:15:00+08:00'))
      .then(
        { type: 'SlaBreached', data: { ...firstResponse, at: '2026-03-04T14:15:00+08:00', deadline: '2026-03-04T14:15:00+08:00' } },
        { type: 'CaseEscalated', data: { level: 1, to: { kind: 'role', id: 'team_lead' }, trigger: 'sla_breach', metric: 'first_response' } },
      );
    givenClock(...started).when(fire({ ...firstResponse, kind: 'escalation', level: 1 }, '2026-03-04T14:14:59+08:00')).thenNothing();
    const escalated = play(openCase(), { kind: 'fire', timer: { ...firstResponse, kind: 'escalation', level: 1 }, now: '2026-03-04T14:15:00+08:00' });
    givenClock(...escalated).when(fire({ ...firstResponse, kind: 'breach' }, '2026-03-04T14:15:00+08:00')).thenNothing();
    givenClock(...escalated).when(fire({ ...firstResponse, kind: 'escalation', level: 1 }, '2026-03-04T14:15:00+08:00')).thenNothing();
  });

  it('retracts a breach the timer recorded when a reply reported late was made before the deadline (a helpdesk syncing)', () => {
    const reportedLate = playLast(openCase(), { kind: 'fire', timer: { ...firstResponse, kind: 'breach' }, now: '2026-03-04T14:15:00+08:00' }, reply('2026-03-04T14:12:00+08:00'));
    reacting(reportedLate).then(
      { type: 'SlaBreachRetracted', data: { ...firstResponse, cause: 'answered_in_time', deadline: '2026-03-04T14:15:00+08:00' } },
      { type: 'SlaMet', data: { ...firstResponse, elapsedMs: 720_000 } },
    );
  });

  it('records the breach a late reply finds when no timer recorded it', () => {
    const late = playLast(openCase(), reply('2026-03-04T14:20:00+08:00'));
    reacting(late).then({ type: 'SlaBreached', data: firstResponse }, { type: 'SlaClockStopped', data: { reason: 'replied' } });
  });
});

describe('a phone complaint opened at 17:55 on the eve of the Spring Festival holiday (make-up Saturday 14 February 2026)', () => {
  const opened = play(openCase({ openedAt: '2026-02-14T17:55:00+08:00' })).slice(0, 1);

  it('counts 5 minutes before the holiday and the rest after it; resolution counts from the next working day (past the cut-off)', () => {
    givenClock(...opened)
      .when(react(opened[0]!))
      .then(
        { type: 'SlaClockStarted', data: { ...firstResponse, deadline: '2026-02-24T09:10:00+08:00' } },
        { type: 'SlaClockStarted', data: { ...resolution, countedFrom: '2026-02-24T09:00:00+08:00', deadline: '2026-02-27T18:00:00+08:00', targetMs: 4 * 7.5 * 3_600_000 } },
      );
  });
});

describe('an online complaint on the make-up Saturday 28 February 2026', () => {
  const opened = play(openCase({ channel: 'online', openedAt: '2026-02-28T10:00:00+08:00' })).slice(0, 1);

  it('counts the Saturday as a working day', () => {
    givenClock(...opened)
      .when(react(opened[0]!))
      .then(
        { type: 'SlaClockStarted', data: { ...firstResponse, deadline: '2026-02-28T10:30:00+08:00' } },
        { type: 'SlaClockStarted', data: { ...resolution, deadline: '2026-03-04T18:00:00+08:00' } },
      );
  });
});

describe('a paused and resumed case (email complaint, Wednesday 4 March 2026 10:00)', () => {
  const email = openCase({ channel: 'email', openedAt: '2026-03-04T10:00:00+08:00' });
  const waiting = playLast(email, reply('2026-03-04T10:30:00+08:00'), status('waiting_on_customer', '2026-03-05T10:00:00+08:00'));

  it('pauses resolution while waiting on the customer, with the business time counted so far', () => {
    reacting(waiting).then({ type: 'SlaClockPaused', data: { ...resolution, status: 'waiting_on_customer', elapsedMs: 7.5 * 3_600_000 } });
  });

  it('resumes with the deadline moved by the working time spent paused', () => {
    const resumed = playLast(email, reply('2026-03-04T10:30:00+08:00'), status('waiting_on_customer', '2026-03-05T10:00:00+08:00'), status('open', '2026-03-06T10:00:00+08:00'));
    reacting(resumed).then({ type: 'SlaClockResumed', data: { ...resolution, status: 'open', elapsedMs: 7.5 * 3_600_000, deadline: '2026-03-10T18:00:00+08:00' } });
  });

  it('fires no breach while paused', () => {
    givenClock(...play(email, reply('2026-03-04T10:30:00+08:00'), status('waiting_on_customer', '2026-03-05T10:00:00+08:00')))
      .when(fire({ ...resolution, kind: 'breach' }, '2026-03-20T10:00:00+08:00'))
      .thenNothing();
  });

  it('never pauses first response', () => {
    const early = playLast(email, status('waiting_on_customer', '2026-03-04T10:05:00+08:00'));
    reacting(early).then({ type: 'SlaClockPaused', data: resolution });
  });
});

describe('a priority raised mid-case (email inquiry, Wednesday 4 March 2026 10:00)', () => {
  const inquiry = openCase({ type: 'inquiry', channel: 'email', openedAt: '2026-03-04T10:00:00+08:00' });

  it('moves the first response deadline from the 24-hour target to the urgent 1 business hour, keeping the start', () => {
    const raised = playLast(inquiry, priority('urgent', '2026-03-04T10:20:00+08:00'));
    reacting(raised)
      .then({
        type: 'SlaDeadlineRescheduled',
        data: { ...firstResponse, cause: 'priority_changed', slaPolicy: { rule: 'urgent' }, previousDeadline: '2026-03-05T10:00:00+08:00', deadline: '2026-03-04T11:00:00+08:00' },
      });
  });

  it('breaches at once when the new deadline has passed, and retracts the breach when the priority goes back', () => {
    const raised = playLast(inquiry, priority('urgent', '2026-03-04T11:30:00+08:00'));
    reacting(raised)
      .then({ type: 'SlaDeadlineRescheduled', data: { deadline: '2026-03-04T11:00:00+08:00' } }, { type: 'SlaBreached', data: { ...firstResponse, deadline: '2026-03-04T11:00:00+08:00' } });
    const lowered = playLast(inquiry, priority('urgent', '2026-03-04T11:30:00+08:00'), priority('normal', '2026-03-04T11:40:00+08:00'));
    reacting(lowered)
      .then(
        { type: 'SlaDeadlineRescheduled', data: { slaPolicy: { rule: 'any-request' }, deadline: '2026-03-05T10:00:00+08:00' } },
        { type: 'SlaBreachRetracted', data: { ...firstResponse, cause: 'priority_changed', deadline: '2026-03-05T10:00:00+08:00' } },
      );
  });
});

describe('a tier upgrade mid-case', () => {
  const fastKeyAccounts = defaultSlaPolicy([{ tier: 'key_account', service: { dedicatedManager: true, priorityResponseHours: 4 } }]);
  const inquiry = openCase({ type: 'inquiry', channel: 'email', openedAt: '2026-03-04T10:00:00+08:00' });

  it('moves the deadline to the new tier’s priority response, from the same start', () => {
    const upgraded = playLast(inquiry, tier('key_account', '2026-03-04T11:00:00+08:00'));
    reacting(upgraded, fastKeyAccounts)
      .then({
        type: 'SlaDeadlineRescheduled',
        data: { ...firstResponse, cause: 'tier_changed', slaPolicy: { rule: 'tier-key_account' }, target: { duration: 'PT4H', basis: 'calendar' }, deadline: '2026-03-04T14:00:00+08:00' },
      });
  });

  it('escalates a key account’s breach to the dedicated manager first', () => {
    const breached = play(openCase({ tierAtStart: { tier: 'key_account', tierPolicyId: 'default', tierPolicyVersion: 1 }, type: 'inquiry' }), {
      kind: 'fire',
      timer: { ...firstResponse, kind: 'breach' },
      now: '2026-03-05T14:00:00+08:00',
    });
    givenClock(...breached)
      .when(fire({ ...firstResponse, kind: 'escalation', level: 1 }, '2026-03-05T14:00:00+08:00'))
      .then({ type: 'CaseEscalated', data: { level: 1, to: { kind: 'role', id: 'account_manager' } } });
  });
});

describe('a reopened case (phone complaint, Wednesday 4 March 2026 14:00)', () => {
  const steps = [openCase(), reply('2026-03-04T14:05:00+08:00'), status('resolved', '2026-03-05T10:00:00+08:00')] as const;

  it('meets resolution when resolved', () => {
    const resolved = playLast(...steps);
    reacting(resolved).then({ type: 'SlaMet', data: { ...resolution, elapsedMs: 5 * 3_600_000, deadline: '2026-03-09T18:00:00+08:00' } });
  });

  it('continues the same resolution clock when reopened: the time resolved does not count', () => {
    const reopened = playLast(...steps, status('reopened', '2026-03-09T09:00:00+08:00'));
    reacting(reopened)
      .then({ type: 'SlaClockResumed', data: { ...resolution, status: 'reopened', elapsedMs: 5 * 3_600_000, deadline: '2026-03-11T17:00:00+08:00' } });
  });
});

describe('a calendar edited mid-case (phone complaint, Wednesday 4 March 2026 14:00)', () => {
  const edited = calendarOf({ ...defaultCalendarDocument, version: 2, overrides: [{ date: '2026-03-06', periods: [], reason: 'office move' }] });
  const after = { default: calendarTimeline([{ effectiveFrom: -Infinity, calendar: shanghai }, { effectiveFrom: at('2026-03-05T08:00:00+08:00'), calendar: edited }]) };
  const running = play(openCase(), reply('2026-03-04T14:05:00+08:00'));

  it('keeps the time counted, counts the rest on the new version and records both versions', () => {
    givenClock(...running)
      .when({ kind: 'recalendar', calendarId: 'default', at: at('2026-03-05T08:00:00+08:00'), previous: calendars, calendars: after })
      .then({
        type: 'SlaDeadlineRescheduled',
        data: {
          ...resolution,
          cause: 'calendar_changed',
          previousDeadline: '2026-03-09T18:00:00+08:00',
          deadline: '2026-03-10T18:00:00+08:00',
          calendars: [{ calendarId: 'default', version: 1 }, { calendarId: 'default', version: 2 }],
        },
      });
  });

  it('records nothing for a calendar the case does not count on', () => {
    givenClock(...running).when({ kind: 'recalendar', calendarId: 'other', at: at('2026-03-05T08:00:00+08:00'), previous: calendars, calendars: after }).thenNothing();
  });
});

describe('next response', () => {
  it('starts a cycle when the customer writes after the first response, and a reply meets it', () => {
    const wrote = playLast(openCase(), reply('2026-03-04T14:05:00+08:00'), customerWrote('2026-03-04T15:00:00+08:00'));
    reacting(wrote).then({ type: 'SlaClockStarted', data: { metric: 'next_response', cycle: 1, deadline: '2026-03-04T17:00:00+08:00' } });
    const answered = playLast(openCase(), reply('2026-03-04T14:05:00+08:00'), customerWrote('2026-03-04T15:00:00+08:00'), reply('2026-03-04T16:00:00+08:00'));
    reacting(answered).then({ type: 'SlaMet', data: { metric: 'next_response', cycle: 1 } });
  });

  it('counts a later cycle on the target of the priority raised meanwhile', () => {
    const wrote = playLast(openCase({ channel: 'email' }), reply('2026-03-04T14:05:00+08:00'), priority('urgent', '2026-03-04T14:30:00+08:00'), customerWrote('2026-03-04T15:00:00+08:00'));
    reacting(wrote).then({ type: 'SlaClockStarted', data: { metric: 'next_response', cycle: 1, target: { duration: 'PT1H' }, deadline: '2026-03-04T16:00:00+08:00' } });
  });

  it('stops every clock when the case closes', () => {
    const closed = playLast(openCase(), status('closed', '2026-03-04T15:00:00+08:00'));
    reacting(closed)
      .then({ type: 'SlaClockStopped', data: { ...firstResponse, reason: 'closed' } }, { type: 'SlaClockStopped', data: { ...resolution, reason: 'closed' } });
  });
});

