import { defaultCalendarDocument } from '@ctp/calendar';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { freshSlaStores, type SlaStore } from '../test-support/sla-store.js';
import { calendarMathRoutes } from './calendar-math-routes.js';
import { calendarRoutes } from './calendar-routes.js';

const now = new Date('2026-02-10T02:00:00Z');

const appOn = (store: SlaStore, clock = () => now) =>
  testApp({
    bodyLimitBytes: 100_000,
    routes: async (app) => {
      await app.register(calendarRoutes(store.depsWith({ now: clock })));
      await app.register(calendarMathRoutes(store.depsWith({ now: clock })));
    },
  });

const query = (values: Record<string, string>) => new URLSearchParams(values).toString();

/** The math on the default calendar (Asia/Shanghai, 09:00-12:00 and 13:30-18:00, cut-off 17:00, the 2026 holidays). */
describe('the calendar math routes', () => {
  const given = freshSlaStores('calendar_math_routes', now);

  it('counts business time across the Spring Festival holiday from its make-up Saturday', async () => {
    const app = await appOn(await given());
    const answer = await app.inject({ url: `/v1/calendars/default/deadline?${query({ start: '2026-02-14T17:00:00+08:00', duration: 'PT2H' })}`, headers: bearer('agent') });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({
      calendarId: 'default', start: '2026-02-14T17:00:00+08:00', duration: 'PT2H', basis: 'business',
      deadline: '2026-02-24T10:00:00+08:00',
      countedFrom: '2026-02-14T17:00:00+08:00',
      countedMs: 2 * 3_600_000,
      versions: [1],
      segments: [
        { start: '2026-02-14T17:00:00+08:00', end: '2026-02-14T18:00:00+08:00', version: 1 },
        { start: '2026-02-24T09:00:00+08:00', end: '2026-02-24T10:00:00+08:00', version: 1 },
      ],
    });
    await app.close();
  });

  it('ends "N working days" at close of business, the make-up Saturday a working day and intake after the cut-off counting from the next one', async () => {
    const app = await appOn(await given());
    const due = async (start: string) => (await app.inject({ url: `/v1/calendars/default/deadline?${query({ start, duration: '3 working days' })}`, headers: bearer('analyst') })).json();
    // Friday 13 February before the cut-off: Saturday 14 (make-up), Tuesday 24, Wednesday 25.
    expect(await due('2026-02-13T16:00:00+08:00')).toMatchObject({ basis: 'workingDays', deadline: '2026-02-25T18:00:00+08:00', countedFrom: '2026-02-13T16:00:00+08:00' });
    // At 17:30, past the cut-off: counting starts on the make-up Saturday.
    expect(await due('2026-02-13T17:30:00+08:00')).toMatchObject({ deadline: '2026-02-26T18:00:00+08:00', countedFrom: '2026-02-14T09:00:00+08:00' });
    // Calendar time counts the holiday too.
    const clock = await app.inject({ url: `/v1/calendars/default/deadline?${query({ start: '2026-02-14T17:00:00+08:00', duration: 'P1D', basis: 'calendar' })}`, headers: bearer('auditor') });
    expect(clock.json()).toMatchObject({ basis: 'calendar', deadline: '2026-02-15T17:00:00+08:00' });
    await app.close();
  });

  it('counts working time across a lunch break', async () => {
    const app = await appOn(await given());
    const answer = await app.inject({ url: `/v1/calendars/default/working-time?${query({ from: '2026-03-04T11:00:00+08:00', to: '2026-03-04T06:00:00Z' })}`, headers: bearer('agent') });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({
      calendarId: 'default', from: '2026-03-04T11:00:00+08:00', to: '2026-03-04T14:00:00+08:00',
      ms: 90 * 60_000,
      versions: [1],
      segments: [
        { start: '2026-03-04T11:00:00+08:00', end: '2026-03-04T12:00:00+08:00', version: 1 },
        { start: '2026-03-04T13:30:00+08:00', end: '2026-03-04T14:00:00+08:00', version: 1 },
      ],
    });
    await app.close();
  });

  it('counts on each version from its effectiveFrom: the time before a change stays on the old version', async () => {
    const tuesday = new Date('2026-03-03T01:00:00Z');
    const app = await appOn(await given(), () => tuesday);
    const { id: _id, ...document } = defaultCalendarDocument;
    const shorter = [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '17:00' }];
    const week = Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => [day, shorter]));
    const published = await app.inject({ method: 'PUT', url: '/v1/calendars/default', headers: bearer('admin'), payload: { calendar: { ...document, version: 2, week }, effectiveFrom: '2026-03-04T10:00:00+08:00' } });
    expect(published.statusCode, published.body).toBe(201);
    const answer = await app.inject({ url: `/v1/calendars/default/deadline?${query({ start: '2026-03-03T17:00:00+08:00', duration: 'PT6H' })}`, headers: bearer('agent') });
    expect(answer.json()).toMatchObject({
      deadline: '2026-03-04T15:00:00+08:00',
      versions: [1, 2],
      segments: [
        { start: '2026-03-03T17:00:00+08:00', end: '2026-03-03T18:00:00+08:00', version: 1 },
        { start: '2026-03-04T09:00:00+08:00', end: '2026-03-04T10:00:00+08:00', version: 1 },
        { start: '2026-03-04T10:00:00+08:00', end: '2026-03-04T12:00:00+08:00', version: 2 },
        { start: '2026-03-04T13:00:00+08:00', end: '2026-03-04T15:00:00+08:00', version: 2 },
      ],
    });
    await app.close();
  });

  it('names each bad duration and instant (400), and 404s an unknown calendar', async () => {
    const app = await appOn(await given());
    const ask = async (url: string) => app.inject({ url, headers: bearer('agent') });
    const paths = async (url: string) => {
      const answer = await ask(url);
      expect(answer.statusCode, answer.body).toBe(400);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      return answer.json().errors.map(({ path }: { path: string }) => path);
    };
    expect(await paths(`/v1/calendars/default/deadline?${query({ start: 'yesterday', duration: 'two hours' })}`)).toEqual(['query.start', 'query.duration']);
    expect(await paths(`/v1/calendars/default/deadline?${query({ start: '2026-03-04T11:00:00+08:00', duration: 'P1D' })}`)).toEqual(['query.duration']);
    expect(await paths(`/v1/calendars/default/deadline?${query({ start: '2026-03-04T11:00:00+08:00', duration: 'PT1H', basis: 'lunar' })}`)).toEqual(['query.basis']);
    expect(await paths(`/v1/calendars/default/deadline?${query({ start: '2026-03-04T11:00:00+08:00', duration: '9999 working days' })}`)).toEqual(['query.duration']);
    expect(await paths('/v1/calendars/default/deadline')).toEqual(['query.start', 'query.duration']);
    expect(await paths(`/v1/calendars/default/working-time?${query({ from: '2026-03-04T11:00:00+08:00', to: '2026-03-04T10:00:00+08:00' })}`)).toEqual(['query.to']);
    expect(await paths(`/v1/calendars/default/working-time?${query({ from: '2026-03-04', to: 'later' })}`)).toEqual(['query.from', 'query.to']);
    expect((await ask(`/v1/calendars/nowhere/working-time?${query({ from: '2026-03-04T11:00:00+08:00', to: '2026-03-04T12:00:00+08:00' })}`)).statusCode).toBe(404);
    expect((await app.inject({ url: `/v1/calendars/default/working-time?${query({ from: '2026-03-04T11:00:00+08:00', to: '2026-03-04T12:00:00+08:00' })}`, headers: bearer('integrator') })).statusCode).toBe(403);
    await app.close();
  });
});
