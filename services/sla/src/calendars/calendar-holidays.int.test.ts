import { streamIdFor } from '@ctp/contracts';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { freshSlaStores, type SlaStore } from '../test-support/sla-store.js';
import { calendarRoutes } from './calendar-routes.js';

const now = new Date('2026-02-10T02:00:00Z');

const ics = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//holidays//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
const event = (start: string, end: string | null, summary: string) =>
  ['BEGIN:VEVENT', `DTSTART;VALUE=DATE:${start}`, ...(end ? [`DTEND;VALUE=DATE:${end}`] : []), `SUMMARY:${summary}`, 'END:VEVENT'].join('\r\n');

const calendar = { 'content-type': 'text/calendar; charset=utf-8' };
const calendarEvents = (store: SlaStore) => store.stores.store.readStream(streamIdFor('calendar', 'default'));

describe('importing holidays from an iCalendar file', () => {
  const given = freshSlaStores('calendar_holidays', now);
  const appOn = (store: SlaStore) => testApp({ routes: calendarRoutes(store.depsWith()) });

  it('adds the new dates as the next version and reports the dates the calendar already lists', async () => {
    const store = await given();
    const app = await appOn(store);
    const file = ics(event('20261224', '20261226', 'Company days\\, winter'), event('20260216', null, 'Spring Festival'), event('20260214', null, 'Not a make-up day'));
    const imported = await app.inject({ method: 'POST', url: '/v1/calendars/default/holidays?expectedVersion=1', headers: { ...bearer('admin'), ...calendar }, payload: file });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toEqual({
      calendarId: 'default', version: 2, effectiveFrom: now.toISOString(), position: expect.stringMatching(/^\d+$/),
      added: [{ date: '2026-12-24', name: 'Company days, winter' }, { date: '2026-12-25', name: 'Company days, winter' }],
      alreadyListed: [
        { date: '2026-02-16', name: 'Spring Festival', listedAt: expect.stringMatching(/^holidays\[\d+\]$/) },
        { date: '2026-02-14', name: 'Not a make-up day', listedAt: 'makeUpDays[1]' },
      ],
    });
    const read = (await app.inject({ url: '/v1/calendars/default', headers: bearer('agent') })).json();
    const holidays: { date: string }[] = read.calendar.holidays;
    expect(holidays.filter(({ date }) => date === '2026-02-16')).toHaveLength(1);
    expect(holidays.slice(-2)).toEqual([{ date: '2026-12-24', name: 'Company days, winter' }, { date: '2026-12-25', name: 'Company days, winter' }]);

    const again = await app.inject({ method: 'POST', url: '/v1/calendars/default/holidays?expectedVersion=2', headers: { ...bearer('admin'), ...calendar }, payload: file });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ version: 2, position: null, added: [] });
    expect(await calendarEvents(store)).toHaveLength(2);
    await app.close();
  });

  it('reads a file larger than the JSON body limit', async () => {
    const app = await appOn(await given());
    const days = Array.from({ length: 30 }, (_, index) => `202711${String(index + 1).padStart(2, '0')}`);
    const file = ics(...days.map((day) => event(day, null, 'A long closure with a long name for the import')));
    expect(file.length).toBeGreaterThan(1_024);
    const imported = await app.inject({ method: 'POST', url: '/v1/calendars/default/holidays?expectedVersion=1', headers: { ...bearer('admin'), ...calendar }, payload: file });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json().added).toHaveLength(30);
    await app.close();
  });

  it('refuses a bad file (400 naming each event and field), a stale version (409), an unknown calendar (404) and a non-admin (403), writing nothing', async () => {
    const store = await given();
    const app = await appOn(store);
    const post = (url: string, payload: string, role: 'admin' | 'agent' = 'admin') => app.inject({ method: 'POST', url, headers: { ...bearer(role), ...calendar }, payload });
    const bad = await post('/v1/calendars/default/holidays?expectedVersion=1', ics(['BEGIN:VEVENT', 'DTSTART:20260101T090000Z', 'END:VEVENT'].join('\r\n'), event('20260301', '20260301', 'Backwards')));
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json().errors.map(({ path }: { path: string }) => path)).toEqual(['body.VEVENT[0].DTSTART', 'body.VEVENT[0].SUMMARY', 'body.VEVENT[1].DTEND']);
    expect((await post('/v1/calendars/default/holidays?expectedVersion=1', 'not a calendar')).json().errors).toEqual([{ path: 'body.VCALENDAR', message: 'the file does not begin with BEGIN:VCALENDAR' }]);
    const century = await post('/v1/calendars/default/holidays?expectedVersion=1', ics(event('20260101', '21260101', 'Typo')));
    expect(century.json().errors).toEqual([{ path: 'body', message: '36524 days off: at most 1000 in one import' }]);
    const stale = await post('/v1/calendars/default/holidays?expectedVersion=2', ics(event('20261224', null, 'Christmas Eve')));
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ latestVersion: 1, errors: [{ path: 'query.expectedVersion' }] });
    const noVersion = await post('/v1/calendars/default/holidays', ics(event('20261224', null, 'Christmas Eve')));
    expect(noVersion.json().errors.map(({ path }: { path: string }) => path)).toEqual(['query.expectedVersion']);
    expect((await post('/v1/calendars/nowhere/holidays?expectedVersion=1', ics(event('20261224', null, 'Christmas Eve')))).statusCode).toBe(404);
    expect((await post('/v1/calendars/default/holidays?expectedVersion=1', ics(event('20261224', null, 'Christmas Eve')), 'agent')).statusCode).toBe(403);
    const json = await app.inject({ method: 'POST', url: '/v1/calendars/default/holidays?expectedVersion=1', headers: bearer('admin'), payload: { holidays: [] } });
    expect(json.statusCode).toBe(400);
    expect(await calendarEvents(store)).toHaveLength(1);
    await app.close();
  });
});
