import { decoderFor } from '@ctp/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshFeedbackStores, type FeedbackStore } from '../test-support/feedback-store.js';
import type { ContactDeps } from './contact-deps.js';
import { reactToContactFacts } from './contact-reactions.js';
import { contactStreamOf } from './contact-stream.js';
import { contactTimerId } from './contact-timers.js';
import { contactPlanIndex } from './plan-index.js';
import { publish, publishPolicy, tierAssigned, winBackRequested } from './test-support/tier-facts.js';

const openStore = freshFeedbackStores('f3_win_back', new Date('2026-01-01T00:00:00Z'));
const contactEvent = decoderFor('contact');
const noHeartbeat = async () => undefined;

describe('win-back requests of analytics, through the store and the timers', () => {
  let store: FeedbackStore;
  let deps: ContactDeps;
  const winBacks = async (customerId: string) => (await deps.store.readStream(contactStreamOf(customerId))).map(contactEvent).filter(({ type, data }) => type === 'ContactObligationsPlanned' && 'reason' in data && data.reason === 'win_back');

  beforeAll(async () => {
    store = await openStore();
    deps = { ...store.depsWith({ now: () => new Date('2026-03-02T02:00:00Z') }), plans: await contactPlanIndex(store.timers) };
    await publishPolicy(deps.store, 1, '2025-01-01T00:00:00.000Z');
  });

  it('plans one callback per request even when the request is delivered twice, due in the tier’s working days, with its timer', async () => {
    const customerId = store.customers[0]!;
    await reactToContactFacts(deps, await publish(deps.store, 'tier', customerId, [tierAssigned(customerId, 'key')], '2026-01-01T00:00:00.000Z'), noHeartbeat);
    // Monday 2 March 2026, 10:00 in Shanghai: a key account is called back by 18:00 on Wednesday 4 March
    const [request] = await publish(deps.store, 'churn', customerId, [winBackRequested(customerId, 1, '2026-03-02T02:00:00.000Z')], '2026-03-02T02:00:00.000Z');
    await reactToContactFacts(deps, [request!], noHeartbeat);
    await reactToContactFacts(deps, [request!, request!], noHeartbeat);
    const [planned, ...more] = await winBacks(customerId);
    expect(more).toEqual([]);
    expect(planned).toMatchObject({ data: { trigger: 'churn_risk', tier: 'key', winBack: { eventId: request!.id, position: request!.globalPosition, crossing: 1 }, obligations: [{ kind: 'callback', dueAt: '2026-03-04T10:00:00.000Z', dueOn: '2026-03-04' }] } });
    const { obligationId } = (planned!.data as { obligations: { obligationId: string }[] }).obligations[0]!;
    expect((await store.timers.get(contactTimerId(customerId, { step: 'due', obligationId, at: '' })))?.dueAt.toISOString()).toBe('2026-03-04T10:00:00.000Z');
  });

  it('a later crossing is a new request and gets its own callback; a customer without a tier in 10 working days', async () => {
    const customerId = store.customers[1]!;
    const first = await publish(deps.store, 'churn', customerId, [winBackRequested(customerId, 1, '2026-03-02T02:00:00.000Z', null)], '2026-03-02T02:00:00.000Z');
    const second = await publish(deps.store, 'churn', customerId, [winBackRequested(customerId, 2, '2026-06-01T02:00:00.000Z', null)], '2026-06-01T02:00:00.000Z');
    await reactToContactFacts(deps, [...first, ...second, ...first], noHeartbeat);
    expect((await winBacks(customerId)).map(({ data }) => [(data as { winBack: { crossing: number } }).winBack.crossing, (data as { obligations: { dueAt: string }[] }).obligations[0]!.dueAt])).toEqual([
      [1, '2026-03-16T10:00:00.000Z'],
      [2, '2026-06-15T10:00:00.000Z'],
    ]);
  });
});
