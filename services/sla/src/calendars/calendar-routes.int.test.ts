import { defaultCalendarDocument } from '@ctp/calendar';
import { streamIdFor } from '@ctp/contracts';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { freshSlaStores, type SlaStore } from '../test-support/sla-store.js';
import { calendarRoutes } from './calendar-routes.js';

const now = new Date('2026-02-10T02:00:00Z');

const { id: _id, ...defaultBody } = defaultCalendarDocument;
const lunchAtNoon = [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '17:00' }];
const nextVersion = { ...defaultBody, version: 2, week: { ...defaultBody.week, monday: lunchAtNoon } };

const hongKong = {
  version: 1,
  name: 'Hong Kong office',
  timeZone: 'Asia/Hong_Kong',
  week: { monday: lunchAtNoon, tuesday: lunchAtNoon, wednesday: lunchAtNoon, thursday: lunchAtNoon, friday: lunchAtNoon },
};

const calendarEvents = (store: SlaStore, calendarId = 'default') => store.stores.store.readStream(streamIdFor('calendar', calendarId));

/** In-process route tests: the kit's real app (auth, validation, problems) on a real event store, driven with inject. */
describe('the calendar routes', () => {
  const given = freshSlaStores('calendar_routes', now);
  const appOn = async (store: SlaStore) => testApp({ bodyLimitBytes: 100_000, routes: calendarRoutes(store.depsWith()) });

  it('publishes the next version for an admin and reads it back, with every version listed', async () => {
    const store = await given();
    const app = await appOn(store);
    const published = await app.inject({ method: 'PUT', url: '/v1/calendars/default', headers: bearer('admin'), payload: { calendar: nextVersion } });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toEqual({ calendarId: 'default', version: 2, effectiveFrom: now.toISOString(), position: expect.stringMatching(/^\d+$/) });

    const latest = await app.inject({ url: '/v1/calendars/default', headers: bearer('auditor') });
    expect(latest.statusCode, latest.body).toBe(200);
    expect(latest.json()).toMatchObject({
      calendarId: 'default', version: 2, effectiveFrom: now.toISOString(), calendar: { id: 'default', version: 2, week: { monday: lunchAtNoon } },
      publishedBy: { kind: 'api-key', role: 'admin' },
      versions: [{ version: 1, effectiveFrom: '2025-01-01T00:00:00.000Z' }, { version: 2, effectiveFrom: now.toISOString() }],
    });
    const first = await app.inject({ url: '/v1/calendars/default?version=1', headers: bearer('agent') });
    expect(first.json()).toMatchObject({ version: 1, calendar: defaultCalendarDocument });
    expect((await app.inject({ url: '/v1/calendars/default?version=3', headers: bearer('agent') })).statusCode).toBe(404);
    await app.close();
  });

  it('publishes a new calendar as version 1, lists the calendars the policy names, and 404s an unknown one', async () => {
    const store = await given();
    const app = await appOn(store);
    const published = await app.inject({ method: 'PUT', url: '/v1/calendars/hong-kong', headers: bearer('admin'), payload: { calendar: hongKong, effectiveFrom: '2026-03-01T00:00:00+08:00' } });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toMatchObject({ calendarId: 'hong-kong', version: 1, effectiveFrom: '2026-02-28T16:00:00.000Z' });
    expect((await app.inject({ url: '/v1/calendars/hong-kong', headers: bearer('analyst') })).json()).toMatchObject({ calendar: { id: 'hong-kong', timeZone: 'Asia/Hong_Kong', holidays: [] } });
    const listed = await app.inject({ url: '/v1/calendars', headers: bearer('analyst') });
    expect(listed.json()).toEqual({ calendars: [{ calendarId: 'default', name: defaultCalendarDocument.name, latestVersion: 1, effectiveFrom: '2025-01-01T00:00:00.000Z' }] });
    const unknown = await app.inject({ url: '/v1/calendars/nowhere', headers: bearer('agent') });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    await app.close();
  });

  it('refuses a version that is not the next one with 409 naming the latest version, writing nothing', async () => {
    const store = await given();
    const app = await appOn(store);
    for (const version of [1, 3]) {
      const stale = await app.inject({ method: 'PUT', url: '/v1/calendars/default', headers: bearer('admin'), payload: { calendar: { ...nextVersion, version } } });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ code: 'CTP_CONFLICT', latestVersion: 1, errors: [{ path: 'body.calendar.version', message: 'calendar default is at version 1: publish version 2' }] });
    }
    expect(await calendarEvents(store)).toHaveLength(1);
    await app.close();
  });

  it('names every bad field of a document, and writes nothing', async () => {
    const store = await given();
    const app = await appOn(store);
    const bad = {
      ...nextVersion,
      id: 'default',
      timeZone: 'Mars/Olympus',
      week: { monday: [{ from: '13:00', to: '12:00' }], tuesday: [{ from: '09:00', to: '12:00' }, { from: '11:00', to: '14:00' }], funday: [] },
      holidays: [{ date: '2026-02-30', name: 'nope' }],
      makeUpDays: [{ date: '2026-02-14', name: 'make-up', periods: [] }],
      cutOff: '25:00',
    };
    const refused = await app.inject({ method: 'PUT', url: '/v1/calendars/default', headers: bearer('admin'), payload: { calendar: bad, effectiveFrom: 'tomorrow' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const paths = refused.json().errors.map(({ path }: { path: string }) => path);
    expect(paths).toEqual(expect.arrayContaining([
      'body.calendar', // the id comes from the path: an unrecognized key
      'body.calendar.timeZone',
      'body.calendar.week', // funday
      'body.calendar.week.monday[0].to',
      'body.calendar.week.tuesday[1]',
      'body.calendar.holidays[0].date',
      'body.calendar.makeUpDays[0].periods',
      'body.calendar.cutOff',
      'body.effectiveFrom',
    ]));
    const twice = await app.inject({ method: 'PUT', url: '/v1/calendars/default', headers: bearer('admin'), payload: { calendar: { ...nextVersion, overrides: [{ date: defaultBody.holidays[0]!.date, periods: [] }] } } });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors).toEqual([{ path: 'body.calendar.overrides[0].date', message: `${defaultBody.holidays[0]!.date} is already listed at holidays[0]` }]);
    expect(await calendarEvents(store)).toHaveLength(1);
    await app.close();
  });

  it('refuses an effectiveFrom in the past or not after the previous version’s (422), and a non-admin (403)', async () => {
    const store = await given();
    const app = await appOn(store);
    const past = await app.inject({ method: 'PUT', url: '/v1/calendars/default', headers: bearer('admin'), payload: { calendar: nextVersion, effectiveFrom: '2026-02-10T01:59:59Z' } });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors).toEqual([expect.objectContaining({ path: 'body.effectiveFrom', rule: 'calendar_effective_in_past' })]);
    const later = await app.inject({ method: 'PUT', url: '/v1/calendars/default', headers: bearer('admin'), payload: { calendar: nextVersion, effectiveFrom: '2026-03-01T00:00:00Z' } });
    expect(later.statusCode, later.body).toBe(201);
    const beforeIt = await app.inject({ method: 'PUT', url: '/v1/calendars/default', headers: bearer('admin'), payload: { calendar: { ...nextVersion, version: 3 } } });
    expect(beforeIt.statusCode).toBe(422);
    expect(beforeIt.json().errors).toEqual([expect.objectContaining({ path: 'body.effectiveFrom', rule: 'calendar_effective_out_of_order' })]);
    for (const role of ['agent', 'analyst', 'auditor', 'integrator'] as const) {
      expect((await app.inject({ method: 'PUT', url: '/v1/calendars/default', headers: bearer(role), payload: { calendar: { ...nextVersion, version: 3 }, effectiveFrom: '2026-04-01T00:00:00Z' } })).statusCode).toBe(403);
    }
    expect((await app.inject({ url: '/v1/calendars/default', headers: bearer('integrator') })).statusCode).toBe(403);
    expect(await calendarEvents(store)).toHaveLength(2);
    await app.close();
  });
});
