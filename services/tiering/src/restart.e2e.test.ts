import { randomUUID } from 'node:crypto';
import { waitUntilReady } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '@ctp/calendar';
import { timerKinds } from './timers.js';
import { reactorProgress, type ReactorProgress } from './test-support/reactor-progress.js';
import { eventually, startTieringStack, type TieringStack } from './test-support/tiering-stack.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const perProfile = 12;

interface Calendar {
  readonly now: number;
  /** The instants the first and the second review measure as of (read from tiering's timers). */
  readonly firstReview: number;
  readonly secondReview: number;
}

const fact = (type: string, customerId: string, data: Record<string, unknown>, at: number) => ({ id: randomUUID(), type, customerId, occurredAt: new Date(at).toISOString(), data });
const registration = (customerId: string, at: number) =>
  fact('CustomerRegistered', customerId, { kind: 'person', name: 'Zhao Lei', customerSince: '2015-01-01', source: { system: 'erp', externalId: customerId }, serviceConsent: { method: 'app', reference: 'a-1', noticeVersion: '1' } }, at);
/** Eighteen large orders a minute apart: a strong customer while they are within the policy's 12-month window. */
const orders = (customerId: string, from: number) =>
  Array.from({ length: 18 }, (_, i) => fact('PurchaseRecorded', customerId, { orderId: `${customerId}-SO-${i}`, amount: '2000.00', margin: '2000.00', currency: 'CNY', channel: 'online' }, from + i * MINUTE));
/** Orders placed from then on are inside the window as of `inside` and outside it as of `outside`. */
const leavingWindowBetween = (inside: number, outside: number) => (addMonths(inside, -12) + addMonths(outside, -12)) / 2 - 20 * MINUTE;

/** Listed in the order their second reviews are made due for the interrupted run: downgrades first. */
const profiles = {
  lapsesBeforeFirstReview: (customerId: string, calendar: Calendar) => orders(customerId, leavingWindowBetween(calendar.now, calendar.firstReview)),
  lapsesBeforeSecondReview: (customerId: string, calendar: Calendar) => orders(customerId, leavingWindowBetween(calendar.firstReview, calendar.secondReview)),
  keepsBuying: (customerId: string, calendar: Calendar) => orders(customerId, calendar.now - 20 * DAY),
  registeredOnly: () => [],
};

interface Twins {
  readonly profile: keyof typeof profiles;
  /** Its second review runs across a crash of tiering. */
  readonly subject: string;
  /** The same facts, reviewed without a crash: what the subject's reviews must decide. */
  readonly control: string;
}

interface ReviewTimer {
  readonly id: string;
  readonly customerId: string;
  readonly reviewDate: string;
  readonly dueAt: Date;
  readonly state: 'pending' | 'fired' | 'cancelled';
  readonly attempts: number;
}

interface TierEventView {
  readonly id: string;
  readonly type: string;
  readonly causationId: string;
  readonly position: string;
  readonly data: Record<string, unknown>;
}

const newCustomerId = () => `C-${randomUUID().slice(0, 8)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a restart of tiering in the middle of a review run loses and repeats nothing', () => {
  let stack: TieringStack;
  let progress: ReactorProgress;
  let lastWritten = '0';
  const twins: Twins[] = Object.keys(profiles).flatMap((profile) => Array.from({ length: perProfile }, () => ({ profile: profile as Twins['profile'], subject: newCustomerId(), control: newCustomerId() })));
  const subjects = twins.map((twin) => twin.subject);
  const controls = twins.map((twin) => twin.control);
  const everyone = [...subjects, ...controls];
  const probe = newCustomerId();

  // One scenario, played once: every test below checks what it left, none depends on another.
  beforeAll(async () => {
    stack = await startTieringStack({ TIMER_LEASE_MS: '2000' });
    progress = await reactorProgress(stack.schema);
    await registerPopulations();
    await killMidRun();
  }, 360_000);
  afterAll(async () => {
    await progress?.close();
    await stack?.stop();
  });

  const output = () => stack.tiering.output();
  const publish = async (events: unknown[]) => {
    for (let i = 0; i < events.length; i += 500) {
      const response = await stack.call(stack.intake, 'POST', '/v1/events', 'integrator', { events: events.slice(i, i + 500) });
      expect(response.status, await response.clone().text()).toBe(202);
      lastWritten = ((await response.json()) as { position: string }).position;
    }
  };
  const reactorCaughtUp = () => eventually(async () => ((await progress.caughtUpWith(lastWritten)) ? true : undefined), "tiering's reactor to handle every fact", output);

  const timersTable = () => stack.timers.name.qualified;
  const reviewTimers = async (customerIds: readonly string[]): Promise<ReviewTimer[]> =>
    (
      await stack.timers.pool.query<ReviewTimer>(
        `SELECT id, payload->>'customerId' AS "customerId", payload->>'reviewDate' AS "reviewDate", due_at AS "dueAt", state, attempts
         FROM ${timersTable()} WHERE kind = $1 AND payload->>'customerId' = ANY($2) ORDER BY payload->>'reviewDate', id`,
        [timerKinds.review, customerIds],
      )
    ).rows;
  /** The pending review of each customer, once every one has one dated after `after`. */
  const nextReviews = (customerIds: readonly string[], after = '') =>
    eventually(
      async () => {
        const pending = (await reviewTimers(customerIds)).filter((timer) => timer.state === 'pending' && timer.reviewDate > after);
        return new Set(pending.map((timer) => timer.customerId)).size === customerIds.length ? pending : undefined;
      },
      `a review after ${after || 'registration'} for ${customerIds.length} customers`,
      output,
    );
  const firedCount = async (ids: readonly string[]) =>
    (await stack.timers.pool.query<{ fired: number }>(`SELECT count(*)::int AS fired FROM ${timersTable()} WHERE id = ANY($1) AND state = 'fired'`, [ids])).rows[0]!.fired;
  const allFired = (ids: readonly string[]) => eventually(async () => ((await firedCount(ids)) === ids.length ? true : undefined), `${ids.length} reviews to fire`, output);
  /** Time passes: these reviews fall due now, in this order (each keeps the date it measures as of). */
  const fallDue = async (timers: readonly ReviewTimer[]) => {
    const now = Date.now() - timers.length;
    for (const [i, timer] of timers.entries()) expect(await stack.timers.reschedule(timer.id, new Date(now + i))).toBe(true);
  };
  /**
   * Holds back every write to the timers table, so a review that already appended its decision waits
   * to schedule the next review or to be recorded fired: the worst moment for a crash.
   */
  const freezeTimerWrites = async () => {
    const client = await stack.timers.pool.connect();
    await client.query('BEGIN');
    await client.query(`LOCK TABLE ${timersTable()} IN SHARE MODE`);
    return async function release() {
      // The dead process's statements still waiting on the lock would run once it is gone: end them first.
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))');
      await client.query('ROLLBACK');
      client.release();
    };
  };

  const history = async (customerId: string) =>
    ((await (await stack.call(stack.tiering, 'GET', `/v1/customers/${customerId}/tier/history?purpose=service`, 'analyst')).json()) as { events: TierEventView[] }).events;
  const histories = async (customerIds: readonly string[]) => new Map(await Promise.all(customerIds.map(async (id) => [id, await history(id)] as const)));

  let calendar: Calendar;
  let secondReviews: ReviewTimer[];
  let before: Map<string, TierEventView[]>;
  let subjectRun: ReviewTimer[];
  let inHandAtKill: ReviewTimer[];
  let after: Map<string, TierEventView[]>;
  let timers: ReviewTimer[];
  let firstReviewsDue: Set<number>;
  let kill: { signal: NodeJS.Signals | null; firedAtKill: number; runLength: number };

  /** Two identical populations registered, each customer's first review fired, then the control population's second. */
  async function registerPopulations() {
    await publish([...everyone, probe].map((customerId) => registration(customerId, Date.now() - 730 * DAY)));
    const [firstReviews, [probeFirst]] = await Promise.all([nextReviews(everyone), nextReviews([probe])]);
    // tiering's calendar: the probe's first review, made due, schedules the second.
    await fallDue([probeFirst!]);
    const [probeSecond] = await nextReviews([probe], probeFirst!.reviewDate);
    calendar = { now: Date.now(), firstReview: probeFirst!.dueAt.getTime(), secondReview: probeSecond!.dueAt.getTime() };
    firstReviewsDue = new Set(firstReviews.map((timer) => timer.dueAt.getTime()));

    await publish(twins.flatMap((twin) => [twin.subject, twin.control].flatMap((customerId) => profiles[twin.profile](customerId, calendar))));
    await reactorCaughtUp();
    // A contact after the tier moved up: its reassessment decides nothing.
    await publish(everyone.map((customerId) => fact('InteractionRecorded', customerId, { interactionId: `${customerId}-IX-1`, channel: 'phone', kind: 'inquiry', direction: 'inbound' }, Date.now() - MINUTE)));
    await reactorCaughtUp();

    // Everyone's first review, then the control population's second, without a crash.
    await fallDue(firstReviews);
    await allFired(firstReviews.map((timer) => timer.id));
    secondReviews = await nextReviews(everyone, probeFirst!.reviewDate);
    const controlRun = secondReviews.filter((timer) => controls.includes(timer.customerId));
    await fallDue(controlRun);
    await allFired(controlRun.map((timer) => timer.id));
    await nextReviews(controls, probeSecond!.reviewDate);
    before = await histories(everyone);
  }

  /** Tiering killed in the middle of the subjects' second review run, at the worst moment, then restarted. */
  async function killMidRun() {
    const bySubjectOrder = (timer: ReviewTimer) => subjects.indexOf(timer.customerId);
    subjectRun = secondReviews.filter((timer) => subjects.includes(timer.customerId)).sort((a, b) => bySubjectOrder(a) - bySubjectOrder(b));
    const ids = subjectRun.map((timer) => timer.id);
    // The whole run falls due while tiering is down.
    await stack.tiering.stop('SIGTERM');
    await fallDue(subjectRun);
    const crashing = stack.restartTiering();
    const started = Date.now();
    while ((await firedCount(ids)) < perProfile / 3) {
      if (crashing.child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`the run did not start\n${crashing.output().slice(-3000)}`);
      await sleep(5);
    }
    const release = await freezeTimerWrites();
    const decidedNotFired = async () => {
      const inHand = (await reviewTimers(subjects)).filter((timer) => ids.includes(timer.id) && timer.state === 'pending' && timer.attempts > 0);
      const decided = await Promise.all(inHand.map(async (timer) => (await history(timer.customerId)).some((event) => event.causationId === timer.id)));
      return decided.some(Boolean) ? inHand : undefined;
    };
    try {
      inHandAtKill = await eventually(decidedNotFired, 'a review decided and not yet recorded fired', () => crashing.output(), 10_000);
      await crashing.stop('SIGKILL');
    } finally {
      await release();
    }
    const firedAtKill = await firedCount(ids);
    kill = { signal: crashing.child.signalCode, firedAtKill, runLength: ids.length };
    const nextScheduled = await reviewTimers(inHandAtKill.map((timer) => timer.customerId));
    const withoutNext = inHandAtKill.filter((held) => !nextScheduled.some((timer) => timer.customerId === held.customerId && timer.reviewDate > held.reviewDate));
    process.stderr.write(`restart: killed after ${Date.now() - started} ms with ${firedAtKill} of ${ids.length} reviews fired, ${inHandAtKill.length} in hand, ${withoutNext.length} of them without the next review scheduled\n`);

    const restarted = Date.now();
    await waitUntilReady(stack.restartTiering());
    await allFired(ids);
    process.stderr.write(`restart: the run was done ${Date.now() - restarted} ms after the restart (lease 2000 ms)\n`);
    await nextReviews(subjects, subjectRun[0]!.reviewDate);
    await reactorCaughtUp();
    after = await histories(everyone);
    timers = await reviewTimers(everyone);
  }

  it('registered two identical populations, each customer with its first review on the same date', () => {
    expect(firstReviewsDue).toEqual(new Set([calendar.firstReview]));
  });

  it('killed tiering in the middle of the second review run, with a decision appended and its review not recorded fired', () => {
    expect(kill.signal).toBe('SIGKILL');
    expect(kill.firedAtKill).toBeGreaterThan(0);
    expect(kill.firedAtKill).toBeLessThan(kill.runLength);
    expect(inHandAtKill.length).toBeGreaterThan(0);
  });

  it('fired again only the reviews the killed worker held', () => {
    const refired = timers.filter((timer) => subjectRun.some((run) => run.id === timer.id) && timer.attempts > 1);
    expect(refired.map((timer) => timer.id).sort()).toEqual(inHandAtKill.map((timer) => timer.id).sort());
  });

  it("decided each subject's reviews as its uninterrupted twin's were decided", () => {
    const outcome = (customerId: string) =>
      timers
        .filter((timer) => timer.customerId === customerId && timer.state === 'fired')
        .map((timer) => ({
          reviewDate: timer.reviewDate,
          decided: after.get(customerId)!.filter((event) => event.causationId === timer.id).map(({ type, data }) => ({ type, data: { ...data, customerId: 'the customer' } })),
        }));
    expect(twins.length).toBeGreaterThan(0);
    for (const twin of twins) expect(outcome(twin.subject), `${twin.profile} ${twin.subject}`).toEqual(outcome(twin.control));
    // The run had something to lose or repeat: downgrades, warnings, and customers it left alone.
    const secondDecisions = controls.map((customerId) => outcome(customerId).at(-1)!.decided.map((event) => event.type).join());
    expect(new Set(secondDecisions)).toEqual(new Set(['TierChanged', 'TierDowngradeWarned', '']));
  });

  it('acted on no cause twice, and appended nothing but the interrupted reviews since the crash', () => {
    expect(after.size).toBe(everyone.length);
    for (const [customerId, events] of after) {
      const causes = events.map((event) => `${event.causationId} ${event.type}`);
      expect(new Set(causes).size, `${customerId}: ${causes.join(', ')}`).toBe(causes.length);
      const earlier = before.get(customerId)!;
      expect(events.slice(0, earlier.length)).toEqual(earlier);
      const review = subjectRun.find((timer) => timer.customerId === customerId)?.id;
      expect(events.slice(earlier.length).filter((event) => event.causationId !== review), `appended to ${customerId}`).toEqual([]);
    }
  });

  it("schedules each customer's next review exactly once", () => {
    const pending = timers.filter((timer) => timer.state === 'pending');
    expect(pending.map((timer) => timer.customerId).sort()).toEqual([...everyone].sort());
    expect(pending.filter((timer) => timer.reviewDate <= subjectRun[0]!.reviewDate)).toEqual([]);
  });

  it('serves from the read model what the tier streams say', async () => {
    expect(everyone.length).toBeGreaterThan(0);
    for (const customerId of everyone) {
      const events = after.get(customerId)!;
      const last = events.at(-1)!;
      const response = await stack.call(stack.tiering, 'GET', `/v1/customers/${customerId}/tier?minPosition=${last.position}`, 'agent');
      expect(response.status, customerId).toBe(200);
      const served = (await response.json()) as { computedTier: string; pendingDowngrade: { projectedTier: string } | null; lastEvent: { id: string } };
      const computedTier = events.reduce<unknown>((tier, event) => (event.type === 'TierAssigned' ? event.data.tier : event.type === 'TierChanged' ? event.data.to : tier), null);
      const pendingDowngrade = last.type === 'TierDowngradeWarned' ? { projectedTier: last.data.projectedTier } : null;
      expect({ computedTier: served.computedTier, pendingDowngrade: served.pendingDowngrade && { projectedTier: served.pendingDowngrade.projectedTier }, lastEvent: served.lastEvent.id }, customerId).toEqual({
        computedTier,
        pendingDowngrade,
        lastEvent: last.id,
      });
    }
  });
});
