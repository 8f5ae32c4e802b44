import type { DomainEvent, RecordedEvent } from '@ctp/contracts';
import { calendarPublished, caseMoves, purchase } from '../../complaints/test-support/complaint-events.js';
import { expiredSurvey, skippedSurvey, surveyStream } from '../../satisfaction/test-support/survey-events.js';
import { recordedOn } from '../../test-support/recorded-events.js';

/** One event to append: its stream, its body, when it happened. */
export interface TimedEvent {
  readonly streamId: string;
  readonly event: DomainEvent;
  readonly at: string;
}

/** A small deterministic generator (mulberry32), so a failing history can be replayed. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, pick: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]! };
}

const timed = (events: readonly RecordedEvent[]): TimedEvent[] => events.map(({ streamId, type, data, occurredAt }) => ({ streamId, event: { type, data } as DomainEvent, at: occurredAt }));
const hourMs = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** 1 December 2025 00:00 in Shanghai, and four months on: instants land on every side of the months' and the year's ends. */
const [start, span] = [Date.parse('2025-11-30T16:00:00Z'), 120 * 24 * hourMs];

/**
 * A varied history of the figures' facts over December 2025 to March 2026 (Asia/Shanghai): invitations answered, expired,
 * skipped or left open, with and without tier, channel and scores; complaints whose team, causes and repeat flag
 * come later (some set twice), resolved, reopened, closed unresolved or open, some resolved before they are known as
 * complaints; purchases near the months' ends and the year's; the default calendar. Each entity's events keep their order; the
 * entities are interleaved at random, so a later event moves a fact counted before.
 */
export function feedbackHistory(seed: number): TimedEvent[] {
  const random = generator(seed);
  const at = () => start + Math.floor(random.next() * span);
  const entities: TimedEvent[][] = [timed(calendarPublished(1, '2025-01-01T00:00:00+08:00', 1))];
  for (let index = 1; index <= 70; index += 1) {
    const invitation = { id: `I-${index}`, invitedAt: iso(at()), tier: random.pick(['gold', 'silver', null]), channel: random.pick(['phone', 'email', null] as const), kind: random.pick(['transactional', 'relationship'] as const) };
    const later = iso(Date.parse(invitation.invitedAt) + Math.floor(random.next() * 40 * 24 * hourMs));
    const score = (max: number, min = 0) => (random.next() < 0.2 ? null : min + Math.floor(random.next() * (max - min + 1)));
    const dimensions = Object.fromEntries((['speed', 'attitude', 'resolution'] as const).filter(() => random.next() < 0.4).map((dimension) => [dimension, Math.floor(random.next() * 101)]));
    const fate = random.next();
    entities.push(timed(
      fate < 0.1 ? skippedSurvey(invitation.id, invitation.invitedAt, 1)
        : fate < 0.3 ? surveyStream(invitation, 1)
          : fate < 0.45 ? expiredSurvey(invitation, 1, later)
            : surveyStream(invitation, 1, { csat: score(5, 1), nps: score(10), ces: score(7, 1), dimensions, answeredAt: later }),
    ));
  }
  for (let index = 1; index <= 50; index += 1) entities.push(complaint(`K-${index}`, random, at));
  for (let index = 1; index <= 40; index += 1) {
    const customer = `P-${index}`;
    const purchases = Array.from({ length: 1 + Math.floor(random.next() * 4) }, () => iso(random.next() < 0.3 ? start + 31 * 24 * hourMs + Math.floor((random.next() - 0.5) * 4 * hourMs) : at()));
    entities.push(purchases.flatMap((when) => timed(purchase(customer, when, 1))));
  }
  const interleaved: TimedEvent[] = [];
  const queues = entities.map((events) => [...events]);
  while (queues.some((queue) => queue.length > 0)) {
    const open = queues.filter((queue) => queue.length > 0);
    interleaved.push(random.pick(open).shift()!);
  }
  return interleaved;
}

function complaint(caseId: string, random: ReturnType<typeof generator>, at: () => number): TimedEvent[] {
  const openedMs = at();
  const openedAt = iso(openedMs);
  const customerId = `C-${caseId}`;
  const after = (hours: number) => iso(openedMs + hours * hourMs);
  const stream = (type: string, data: Record<string, unknown>, when: string) => timed(recordedOn(`complaint-${caseId}`, [{ type, data } as DomainEvent], when, 1));
  const recorded = stream('ComplaintRecorded', { caseId, customerId, channel: random.pick(['phone', 'email']), tier: random.pick(['gold', 'silver', null]), openedAt }, openedAt);
  const later: TimedEvent[] = [];
  if (random.next() < 0.7) later.push(...stream('ComplaintTeamAssigned', { caseId, team: random.pick(['T-1', 'T-2']), assignedAt: after(1) }, after(1)));
  if (random.next() < 0.3) later.push(...stream('ComplaintTeamAssigned', { caseId, team: random.pick(['T-1', 'T-3']), assignedAt: after(2) }, after(2)));
  const causes = () => random.pick([['process'], ['attitude', 'process'], ['product'], ['process', 'process']]);
  const firstCauses = causes();
  if (random.next() < 0.7) later.push(...stream('ComplaintCausesSet', { caseId, customerId, causes: firstCauses, taxonomyVersion: 1, stage: 'handling', setAt: after(3), by: 'agent-7' }, after(3)));
  if (random.next() < 0.3) later.push(...stream('ComplaintCausesSet', { caseId, customerId, causes: causes(), taxonomyVersion: 1, stage: 'resolution', setAt: after(4), by: 'agent-7' }, after(4)));
  if (random.next() < 0.3) later.push(...stream('RepeatComplaintFlagged', { caseId, customerId, cause: firstCauses[0]!, earlierCaseId: 'K-0', earlierOpenedAt: '2025-12-05T10:00:00+08:00', windowDays: 90, flaggedAt: after(5) }, after(5)));
  const resolveHours = 2 + Math.floor(random.next() * 900);
  const fate = random.next();
  const moves: Parameters<typeof caseMoves>[1] =
    fate < 0.2 ? []
      : fate < 0.3 ? [['open', 'closed', after(resolveHours)]]
        : fate < 0.5 ? [['open', 'resolved', after(resolveHours)], ['resolved', 'reopened', after(resolveHours + 20)], ['reopened', 'resolved', after(resolveHours + 400)], ['resolved', 'closed', after(resolveHours + 500)]]
          : [['open', 'resolved', after(resolveHours)]];
  const caseEvents = timed(caseMoves(caseId, moves, 1));
  // Some cases are resolved before feedback records them as complaints: their stream comes after.
  return random.next() < 0.15 ? [...caseEvents, ...recorded, ...later] : [...recorded, ...later, ...caseEvents];
}
