import { streamIdFor, type EventData } from '@ctp/contracts';
import { activeCollection, versionsCollectionName } from '@ctp/projections';
import { bearer } from '@ctp/service-kit/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { followUpProjection } from './follow-up-projection.js';
import { caseInvitationId } from './survey-timers.js';
import { invitationStreamId } from './survey-stream.js';
import { resolvedCase, surveyApp, type SurveyApp } from './test-support/survey-app.js';

const start = new Date('2026-03-10T02:00:00.000Z');
const hour = 3_600_000;
const open = surveyApp('feedback_survey_routes', start);

describe('surveys after resolved cases, answers and follow-ups (in-process, real store)', () => {
  let s: SurveyApp;
  let customers: string[];
  const streamTypes = async (invitationId: string) => (await s.store.stores.reader.readStream(invitationStreamId(invitationId))).map(({ type }) => type);
  const answer = (invitationId: string, answers: Record<string, number | string>) =>
    s.app.inject({ method: 'POST', url: `/v1/surveys/${invitationId}/responses`, headers: bearer('integrator'), payload: { answers } });

  /** sla resolves a case; the reactor schedules its invitation; the timer fires at resolution + delay. */
  const resolveAndFire = async (caseId: string, customerId: string, assignee: string | null = 'agent-7') => {
    const recorded = await s.append(streamIdFor('case', caseId), resolvedCase(caseId, customerId, s.deps.clock().toISOString(), assignee), s.deps.clock().toISOString());
    await s.react(recorded);
    const timer = await s.store.timers.get(`survey-invite:${caseId}`);
    expect(timer?.dueAt).toEqual(new Date(s.deps.clock().getTime() + hour));
    await s.fire(`survey-invite:${caseId}`);
    return caseInvitationId(caseId);
  };

  beforeAll(async () => {
    s = await open();
    customers = s.store.customers.slice(0, 5) as string[];
    await Promise.all(customers.map((customerId, index) => s.setConsent(customerId, index !== 1)));
  });

  it('invites a resolved case’s customer once: reopened and resolved again, no second survey', async () => {
    const invitationId = await resolveAndFire('K-1', customers[0]!);
    expect(await streamTypes(invitationId)).toEqual(['SurveyInvited']);
    const again = await s.append(
      streamIdFor('case', 'K-1'),
      [
        { type: 'CaseStatusChanged', data: { caseId: 'K-1', from: 'resolved', to: 'reopened', changedAt: start.toISOString(), by: 'agent-7', reason: 'not fixed' } },
        { type: 'CaseStatusChanged', data: { caseId: 'K-1', from: 'reopened', to: 'resolved', changedAt: new Date(start.getTime() + 2 * hour).toISOString(), by: 'agent-7', reason: 'fixed' } },
      ],
      start.toISOString(),
    );
    await s.react(again);
    expect((await s.store.timers.get('survey-invite:K-1'))?.dueAt).toEqual(new Date(start.getTime() + hour));
    await s.fire('survey-invite:K-1');
    expect(await streamTypes(invitationId)).toEqual(['SurveyInvited']);
    const ledger = await s.store.stores.reader.readStream(streamIdFor('survey', `recipient.${customers[0]}`));
    expect(ledger.map(({ type }) => type)).toEqual(['SurveyRecipientInvited']);
  });

  it('skips a customer without survey consent, and one surveyed within the cooldown', async () => {
    expect(await streamTypes(await resolveAndFire('K-2', customers[1]!))).toEqual(['SurveySkipped']);
    const skipped = (await s.store.stores.reader.readStream(invitationStreamId(caseInvitationId('K-2'))))[0]!.data as EventData<'SurveySkipped'>;
    expect(skipped.reason).toBe('no_consent');
    const cooled = await resolveAndFire('K-3', customers[0]!);
    expect((await s.store.stores.reader.readStream(invitationStreamId(cooled)))[0]!.data).toMatchObject({ reason: 'cooldown', lastInvitedAt: new Date(start.getTime() + hour).toISOString() });
  });

  it('takes one answer, refuses a second (already_answered), and keeps free text encrypted', async () => {
    const invitationId = caseInvitationId('K-1');
    s.setNow(new Date(start.getTime() + 3 * hour));
    const first = await answer(invitationId, { csat: 5, ces: 7, attitude: 95, comment: 'Wang was very kind' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ invitationId, followUpId: null });
    const second = await answer(invitationId, { csat: 4 });
    expect(second.statusCode).toBe(422);
    expect(second.json().errors).toEqual([expect.objectContaining({ rule: 'already_answered' })]);
    const raw = (await s.store.stores.reader.readStream(invitationStreamId(invitationId))).find(({ type }) => type === 'SurveyAnswered')!;
    expect(JSON.stringify(raw.data)).not.toContain('Wang');
    const plain = (await s.store.stores.store.readStream(invitationStreamId(invitationId))).find(({ type }) => type === 'SurveyAnswered')!;
    expect(plain.data).toMatchObject({ csat: 5, ces: 7, dimensions: { attitude: 95 }, comment: 'Wang was very kind' });
  });

  it('refuses out-of-range and unknown answers, naming each, writing nothing', async () => {
    s.setNow(start);
    const invitationId = await resolveAndFire('K-4', customers[2]!);
    s.setNow(new Date(start.getTime() + 2 * hour));
    const refused = await answer(invitationId, { csat: 6, ces: 0, speed: 101, nps: 9 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors.map(({ path, rule }: { path: string; rule: string }) => `${path} ${rule}`)).toEqual([
      'body.answers.csat out_of_range',
      'body.answers.ces out_of_range',
      'body.answers.speed out_of_range',
      'body.answers.nps unknown_question',
    ]);
    expect(await streamTypes(invitationId)).toEqual(['SurveyInvited']);
  });

  it('a detractor opens a follow-up for the case’s agent, due by the rule’s first-response target; overdue by its timer, then done late', async () => {
    const invitationId = caseInvitationId('K-4');
    const answeredAt = new Date(start.getTime() + 2 * hour);
    const poor = await answer(invitationId, { csat: 1, ces: 2, comment: 'nobody called back' });
    expect(poor.statusCode, poor.body).toBe(201);
    expect(poor.json()).toMatchObject({ followUpId: invitationId });
    const opened = (await s.store.stores.reader.readStream(invitationStreamId(invitationId))).find(({ type }) => type === 'FollowUpOpened')!.data;
    const dueAt = new Date(answeredAt.getTime() + 15 * 60_000);
    expect(opened).toMatchObject({ owner: { kind: 'agent', id: 'agent-7' }, ownerSource: 'case_assignee', reasons: ['csat', 'ces'], dueAt: dueAt.toISOString(), deadlineSource: 'sla_policy' });
    expect((await s.store.timers.get(`follow-up-overdue:${invitationId}`))?.dueAt).toEqual(dueAt);
    await s.fire(`follow-up-overdue:${invitationId}`);
    expect(await streamTypes(invitationId)).toEqual(['SurveyInvited', 'SurveyAnswered', 'FollowUpOpened', 'FollowUpOverdue']);
    s.setNow(new Date(dueAt.getTime() + hour));
    const done = await s.app.inject({ method: 'POST', url: `/v1/follow-ups/${invitationId}/done`, headers: bearer('agent') });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ late: true });
    const twice = await s.app.inject({ method: 'POST', url: `/v1/follow-ups/${invitationId}/done`, headers: bearer('agent') });
    expect(twice.json().errors).toEqual([expect.objectContaining({ rule: 'follow_up_already_done' })]);
    await s.catchUp();
    const listed = await s.app.inject({ url: '/v1/follow-ups?owner=agent-7', headers: bearer('agent') });
    expect(listed.json()).toMatchObject({ total: 1, followUps: [{ followUpId: invitationId, status: 'done', late: true, reasons: ['csat', 'ces'], dueAt: dueAt.toISOString(), owner: { kind: 'agent', id: 'agent-7' } }] });
    expect(Object.keys(listed.json().followUps[0]).sort(), 'the public fields only').toEqual(['caseId', 'customerId', 'doneAt', 'dueAt', 'followUpId', 'invitationId', 'late', 'openedAt', 'owner', 'reasons', 'status']);
    expect((await s.app.inject({ url: '/v1/follow-ups?owner=agent-8', headers: bearer('agent') })).json()).toMatchObject({ total: 0, followUps: [] });

    // A read model version 1 built (before ownerId) still finds the owner's follow-ups until it is rebuilt.
    const pointers = s.db.collection<{ _id: string; definitionVersion: number }>(versionsCollectionName);
    await pointers.updateOne({ _id: followUpProjection.name }, { $set: { definitionVersion: 1 } });
    await (await activeCollection<{ _id: string }>(s.db, followUpProjection.name, 'followUps')).updateOne({ _id: invitationId }, { $unset: { ownerId: '' } });
    expect((await s.app.inject({ url: '/v1/follow-ups?owner=agent-7', headers: bearer('agent') })).json()).toMatchObject({ total: 1, followUps: [{ followUpId: invitationId }] });
    await pointers.updateOne({ _id: followUpProjection.name }, { $set: { definitionVersion: followUpProjection.version } });
    await (await activeCollection<{ _id: string }>(s.db, followUpProjection.name, 'followUps')).updateOne({ _id: invitationId }, { $set: { ownerId: 'agent-7' } });
  });

  it('a poor answer on a case nobody was given goes to the team on its rule’s escalation ladder', async () => {
    const unassigned = await resolveAndFire('K-6', customers[4]!, null);
    expect((await answer(unassigned, { csat: 2 })).statusCode).toBe(201);
    const opened = (await s.store.stores.reader.readStream(invitationStreamId(unassigned))).find(({ type }) => type === 'FollowUpOpened')!.data;
    expect(opened).toMatchObject({ owner: { kind: 'team', id: 'phone-leads' }, ownerSource: 'rule_team', reasons: ['csat'] });
  });

  it('refuses an answer after the invitation expired (28 days)', async () => {
    s.setNow(start);
    const invitationId = await resolveAndFire('K-5', customers[3]!);
    s.setNow(new Date(start.getTime() + hour + 28 * 24 * hour));
    const late = await answer(invitationId, { csat: 4 });
    expect(late.statusCode).toBe(422);
    expect(late.json().errors).toEqual([expect.objectContaining({ rule: 'survey_expired' })]);
    expect((await answer('no-such-invitation', { csat: 4 })).statusCode).toBe(404);
  });

  it('records SurveyExpired by the invitation’s timer at expiresAt, once however often it fires; an answered invitation’s timer records nothing; the reactor schedules a timer an invitation missed', async () => {
    const unanswered = caseInvitationId('K-5');
    const { expiresAt, invitedAt } = (await s.store.stores.reader.readStream(invitationStreamId(unanswered)))[0]!.data as EventData<'SurveyInvited'>;
    const timer = await s.store.timers.get(`survey-expiry:${unanswered}`);
    expect(timer?.dueAt).toEqual(new Date(expiresAt));
    await s.fire(`survey-expiry:${unanswered}`);
    await s.fire(`survey-expiry:${unanswered}`);
    const stream = await s.store.stores.reader.readStream(invitationStreamId(unanswered));
    expect(stream.map(({ type }) => type)).toEqual(['SurveyInvited', 'SurveyExpired']);
    expect(stream[1]).toMatchObject({ causationId: `survey-expiry:${unanswered}`, data: { invitationId: unanswered, customerId: customers[3], kind: 'transactional', invitedAt, expiredAt: expiresAt } });
    const late = await answer(unanswered, { csat: 4 });
    expect(late.json().errors).toEqual([expect.objectContaining({ rule: 'survey_expired' })]);

    const answered = caseInvitationId('K-1');
    expect(await s.store.timers.get(`survey-expiry:${answered}`)).toBeTruthy();
    await s.fire(`survey-expiry:${answered}`);
    expect(await streamTypes(answered)).toEqual(['SurveyInvited', 'SurveyAnswered']);

    const crashed = 'S-crashed-after-append';
    const expiring = '2026-04-30T00:00:00.000Z';
    const recorded = await s.append(invitationStreamId(crashed), [{ type: 'SurveyInvited', data: { invitationId: crashed, customerId: customers[3]!, kind: 'relationship', caseId: null, sampleId: 'Q-crash', template: { templateId: 'relationship-nps', version: 1 }, tier: null, channel: null, invitedAt: start.toISOString(), expiresAt: expiring } }], start.toISOString());
    expect(await s.store.timers.get(`survey-expiry:${crashed}`)).toBeNull();
    await s.react(recorded);
    expect((await s.store.timers.get(`survey-expiry:${crashed}`))?.dueAt).toEqual(new Date(expiring));
  });

  it('scores the period: CSAT share of 4-5, CES mean, response rate, with sample sizes', async () => {
    await s.catchUp();
    const day = start.toISOString().slice(0, 10);
    const response = await s.app.inject({ url: `/v1/surveys/scores?from=${day}&to=${day}&channel=phone`, headers: bearer('analyst') });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ invitations: 4, expired: 1, responses: 3, responseRate: 75, csat: { score: 33.33, n: 3 }, ces: { mean: 4.5, n: 2 }, nps: { score: null, n: 0 }, dimensions: { attitude: { mean: 95, n: 1 } } });
    expect((await s.app.inject({ url: `/v1/surveys/scores?from=${day}&to=${day}`, headers: bearer('agent') })).statusCode).toBe(403);
    // Read day by day: a month around the day counts the same, and a month before it nothing.
    const month = await s.app.inject({ url: `/v1/surveys/scores?from=2026-02-25&to=2026-03-24&channel=phone`, headers: bearer('analyst') });
    expect(month.json()).toMatchObject({ invitations: 4, expired: 1, responses: 3, csat: { score: 33.33, n: 3 } });
    expect((await s.app.inject({ url: '/v1/surveys/scores?from=2026-02-01&to=2026-02-28', headers: bearer('analyst') })).json()).toMatchObject({ invitations: 0, expired: 0, responses: 0 });
    const tooLong = await s.app.inject({ url: '/v1/surveys/scores?from=2025-01-01&to=2026-03-10', headers: bearer('analyst') });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors.map(({ path }: { path: string }) => path)).toEqual(['query.to']);
  });

  it('draws a relationship NPS sample stratified by tier, reproducibly, passing over those without consent or in the cooldown', async () => {
    s.setNow(new Date(start.getTime() + 4 * hour));
    await s.catchUp();
    const draw = () => s.app.inject({ method: 'POST', url: '/v1/surveys/samples', headers: bearer('analyst'), payload: { seed: 'q1-2026', rate: 0.2 } });
    const drawn = await draw();
    expect(drawn.statusCode, drawn.body).toBe(201);
    const { strata, invitationIds, sampleId } = drawn.json() as { strata: { active: number; quota: number; invited: number }[]; invitationIds: string[]; sampleId: string };
    const active = strata.reduce((sum, { active: count }) => sum + count, 0);
    expect(active).toBeGreaterThan(0);
    expect(invitationIds.length).toBeGreaterThan(0);
    expect(strata.every(({ quota, active: count }) => quota === Math.ceil(0.2 * count))).toBe(true);
    for (const invitationId of invitationIds) expect((await s.store.stores.reader.readStream(invitationStreamId(invitationId)))[0]).toMatchObject({ type: 'SurveyInvited', data: { kind: 'relationship', sampleId } });
    const invitedCustomers = await Promise.all(invitationIds.map(async (id) => ((await s.store.stores.reader.readStream(invitationStreamId(id)))[0]!.data as { customerId: string }).customerId));
    expect(invitedCustomers).not.toContain(customers[1]);
    expect(invitedCustomers).not.toContain(customers[0]);
    const emptyPosition = await s.app.inject({ method: 'POST', url: '/v1/surveys/samples', headers: bearer('analyst'), payload: { seed: 'q1-2026', rate: 0.2, minPosition: '' } });
    expect(emptyPosition.statusCode, emptyPosition.body).toBe(400);
    expect(emptyPosition.json().errors).toEqual([expect.objectContaining({ path: 'body.minPosition' })]);
    const again = await draw();
    expect(again.json()).toMatchObject({ sampleId, strata, invitationIds: null });
    const detractor = await answer(invitationIds[0]!, { nps: 3, why: 'too slow' });
    expect(detractor.statusCode, detractor.body).toBe(201);
    const opened = (await s.store.stores.reader.readStream(invitationStreamId(invitationIds[0]!))).find(({ type }) => type === 'FollowUpOpened')!.data;
    const answeredAt = s.deps.clock().getTime();
    expect(opened).toMatchObject({ caseId: null, reasons: ['nps'], owner: { kind: 'team', id: 'customer-care' }, ownerSource: 'default_team', deadlineSource: 'default', dueAt: new Date(answeredAt + 24 * hour).toISOString() });
  });

  it('publishes template versions (admin): the next one follows expectedVersion, a stale one is a 409, a bad one names its fields', async () => {
    const put = (payload: Record<string, unknown>, role: Parameters<typeof bearer>[0] = 'admin') => s.app.inject({ method: 'PUT', url: '/v1/survey-templates/relationship-nps', headers: bearer(role), payload });
    const template = { kind: 'relationship', title: 'Would you recommend us?', questions: [{ id: 'nps', kind: 'nps', text: 'Recommend us? (0-10)' }, { id: 'why', kind: 'nps_why', text: 'Why?' }, { id: 'attitude', kind: 'dimension', dimension: 'attitude', text: 'Attitude (0-100)' }] };
    expect((await put({ template, expectedVersion: 1 }, 'analyst')).statusCode).toBe(403);
    const published = await put({ template, expectedVersion: 1 });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toMatchObject({ templateId: 'relationship-nps', version: 2 });
    expect((await put({ template, expectedVersion: 1 })).statusCode).toBe(409);
    const bad = await put({ template: { ...template, questions: [{ id: 'x', kind: 'dimension', text: 'no dimension' }] }, expectedVersion: 2 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path)).toContain('body.template.questions[0].dimension');
    const read = await s.app.inject({ url: '/v1/survey-templates/relationship-nps?version=1', headers: bearer('analyst') });
    expect(read.json()).toMatchObject({ template: { version: 1 }, versions: [1, 2] });
  });
});
