import { bearer } from '@ctp/service-kit/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { reactToComplaintCases } from './case-reaction.js';
import { complaintApp, type ComplaintApp } from './test-support/complaint-app.js';
import { recordedOn } from './test-support/recorded-events.js';

const now = new Date('2026-06-15T02:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const json = { 'content-type': 'application/json' };

describe('root causes and repeat complaints', () => {
  const start = complaintApp('feedback_complaint_routes', now);
  let t: ComplaintApp;
  let alice: string;
  let bob: string;
  const put = (caseId: string, body: unknown, headers: Record<string, string> = {}) => t.app.inject({ method: 'PUT', url: `/v1/complaints/${caseId}/causes`, headers: { ...bearer('agent'), ...json, ...headers }, payload: JSON.stringify(body) });
  const streamLength = async (caseId: string) => (await t.store.stores.reader.readStream(`complaint-${caseId}`)).length;

  beforeAll(async () => {
    t = await start();
    [alice, bob] = t.store.customers as [string, string];
    await t.openComplaint('K-earlier', alice, daysAgo(40));
    await t.openComplaint('K-old', alice, daysAgo(200));
    await t.openComplaint('K-now', alice, daysAgo(1));
    await t.openComplaint('K-bob', bob, daysAgo(1));
    await t.openCase('K-inquiry', bob, daysAgo(1), 'inquiry');
  });

  it('publishes the default taxonomy at start and an admin publishes the next version', async () => {
    const taxonomy = await t.app.inject({ url: '/v1/root-causes', headers: bearer('agent') });
    expect(taxonomy.json()).toMatchObject({ taxonomyId: 'default', version: 1 });
    expect(taxonomy.json().causes.map(({ code }: { code: string }) => code)).toEqual(['process', 'attitude', 'efficiency', 'response_speed', 'personalisation', 'product', 'delivery', 'billing', 'other']);
    const causes = [...taxonomy.json().causes, { code: 'packaging', label: 'Packaging' }];
    expect((await t.app.inject({ method: 'PUT', url: '/v1/root-causes', headers: { ...bearer('agent'), ...json }, payload: JSON.stringify({ causes }) })).statusCode).toBe(403);
    const published = await t.app.inject({ method: 'PUT', url: '/v1/root-causes', headers: { ...bearer('admin'), ...json }, payload: JSON.stringify({ causes, expectedVersion: 1 }) });
    expect(published.json()).toMatchObject({ version: 2, position: expect.any(String) });
    const stale = await t.app.inject({ method: 'PUT', url: '/v1/root-causes', headers: { ...bearer('admin'), ...json }, payload: JSON.stringify({ causes, expectedVersion: 1 }) });
    expect(stale.statusCode).toBe(409);
    const bad = await t.app.inject({ method: 'PUT', url: '/v1/root-causes', headers: { ...bearer('admin'), ...json }, payload: JSON.stringify({ causes: [{ code: 'Bad Code', label: '' }, { code: 'process', label: 'a' }, { code: 'process', label: 'b' }] }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path)).toEqual(expect.arrayContaining(['body.causes[0].code', 'body.causes[0].label', 'body.causes']));
    expect((await t.app.inject({ url: '/v1/root-causes', headers: bearer('analyst') })).json()).toMatchObject({ version: 2 });
  });

  it('flags a repeat complaint: the same customer, the same cause within 90 days, naming the earlier complaint', async () => {
    expect((await put('K-old', { causes: ['attitude'] })).json()).toMatchObject({ repeats: [] });
    const earlier = await put('K-earlier', { causes: ['process'] });
    expect(earlier.statusCode, earlier.body).toBe(200);
    expect(earlier.json()).toMatchObject({ caseId: 'K-earlier', causes: ['process'], repeats: [], position: expect.any(String) });
    await put('K-bob', { causes: ['process'] });
    await t.catchUp();

    const repeat = await put('K-now', { causes: ['process', 'attitude'], stage: 'resolution' });
    expect(repeat.statusCode, repeat.body).toBe(200);
    expect(repeat.json().repeats).toEqual([{ caseId: 'K-now', customerId: alice, cause: 'process', earlierCaseId: 'K-earlier', earlierOpenedAt: daysAgo(40), windowDays: 90, flaggedAt: now.toISOString() }]);
    const complaint = (await t.app.inject({ url: '/v1/complaints/K-now', headers: bearer('analyst') })).json();
    expect(complaint).toMatchObject({ caseId: 'K-now', customerId: alice, channel: 'phone', tier: 'standard', causes: ['process', 'attitude'], repeats: [{ cause: 'process', earlierCaseId: 'K-earlier' }] });
    expect((await t.app.inject({ url: '/v1/complaints/K-bob', headers: bearer('agent') })).json()).toMatchObject({ causes: ['process'], repeats: [] });
  });

  it('waits for the read model before the repeat check: causes set a moment before are seen, no wait in between', async () => {
    const carol = t.store.customers[2]!;
    await t.openComplaint('K-lag-first', carol, daysAgo(10));
    await t.openComplaint('K-lag-second', carol, daysAgo(2));
    expect((await put('K-lag-first', { causes: ['delivery'] })).statusCode).toBe(200);
    const repeat = await put('K-lag-second', { causes: ['delivery'] });
    expect(repeat.statusCode, repeat.body).toBe(200);
    expect(repeat.json().repeats).toEqual([expect.objectContaining({ caseId: 'K-lag-second', cause: 'delivery', earlierCaseId: 'K-lag-first', earlierOpenedAt: daysAgo(10) })]);
  });

  it('answers 503 CTP_NOT_READY with Retry-After and writes nothing when the read model does not catch up in time', async () => {
    const dave = t.store.customers[3]!;
    await t.openComplaint('K-stalled', dave, daysAgo(3));
    const before = await streamLength('K-stalled');
    t.stallReadModel(true);
    try {
      const refused = await put('K-stalled', { causes: ['product'] });
      expect(refused.statusCode, refused.body).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json()).toMatchObject({ code: 'CTP_NOT_READY' });
      expect(await streamLength('K-stalled')).toBe(before);
    } finally {
      t.stallReadModel(false);
    }
    expect((await put('K-stalled', { causes: ['product'] })).statusCode).toBe(200);
  });

  it('follows sla: a complaint handed to a team records the team, once however often the event is delivered', async () => {
    const reassigned = recordedOn('case-K-bob', [{ type: 'CaseReassigned', data: { caseId: 'K-bob', from: null, to: { kind: 'team', id: 'T-returns' }, reassignedAt: daysAgo(1), by: 'lead-1' } }], daysAgo(1), 2_000_000);
    await reactToComplaintCases(t.deps, reassigned);
    const length = await streamLength('K-bob');
    await reactToComplaintCases(t.deps, reassigned);
    expect(await streamLength('K-bob')).toBe(length);
    expect((await t.app.inject({ url: '/v1/complaints/K-bob', headers: bearer('agent') })).json()).toMatchObject({ team: 'T-returns' });
  });

  it('answers a retried request (same Idempotency-Key) with the same position and appends nothing', async () => {
    const first = await put('K-bob', { causes: ['billing'] }, { 'idempotency-key': 'causes-1' });
    const length = await streamLength('K-bob');
    const again = await put('K-bob', { causes: ['billing'] }, { 'idempotency-key': 'causes-1' });
    expect(again.json().position).toBe(first.json().position);
    expect(await streamLength('K-bob')).toBe(length);
  });

  it('refuses bad input naming every field, unknown causes with their rule, cases that are no complaint, and writes nothing', async () => {
    const before = await streamLength('K-bob');
    const empty = await put('K-bob', { causes: [], stage: 'later', extra: 1 });
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    expect(empty.json().errors.map(({ path }: { path: string }) => path)).toEqual(expect.arrayContaining(['body.causes', 'body.stage']));
    const unknown = await put('K-bob', { causes: ['process', 'rudeness'] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ path: 'body.causes', rule: 'unknown_cause' })]);
    expect((await put('K-inquiry', { causes: ['process'] })).statusCode).toBe(404);
    expect((await put('K-never', { causes: ['process'] })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PUT', url: '/v1/complaints/K-bob/causes', headers: { ...bearer('analyst'), ...json }, payload: JSON.stringify({ causes: ['process'] }) })).statusCode).toBe(403);
    expect(await streamLength('K-bob')).toBe(before);
    expect(await streamLength('K-inquiry')).toBe(0);
  });
});
